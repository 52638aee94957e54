"""Builds a directory of wheels for a requirement and everything it needs, repacked from what this
Python has installed, so that `pip install --no-index --find-links DIR REQUIREMENT` works with no
package index at all (the tests of moto's first-run install; nothing here is committed).

usage: python3 wheelhouse.py OUT_DIR 'moto[server]==5.2.1'
"""
import base64
import csv
import hashlib
import importlib.metadata as metadata
import io
import os
import sys
import zipfile

from pip._vendor.packaging.requirements import Requirement
from pip._vendor.packaging.utils import canonicalize_name

SKIPPED = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}


def closure(requirement):
    """The installed distributions `requirement` needs, with the extras asked of each."""
    wanted = {}
    todo = [Requirement(requirement)]
    while todo:
        req = todo.pop()
        name = canonicalize_name(req.name)
        dist = metadata.distribution(req.name)
        known = wanted.get(name, (dist, set()))[1]
        extras = set(req.extras)
        if name in wanted and extras <= known:
            continue
        wanted[name] = (dist, known | extras)
        for spec in dist.requires or []:
            dep = Requirement(spec)
            contexts = [{"extra": e} for e in sorted(known | extras | {""})]
            if dep.marker is None or any(dep.marker.evaluate(c) for c in contexts):
                todo.append(dep)
    return [dist for dist, _ in wanted.values()]


def digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def repack(dist, out_dir):
    info = next(str(f).split("/")[0] for f in dist.files if str(f).split("/")[0].endswith(".dist-info"))
    wheel = dist.read_text("WHEEL")
    tags = [line.split(":", 1)[1].strip() for line in wheel.splitlines() if line.startswith("Tag:")]
    parts = [sorted({t.split("-")[i] for t in tags}) for i in range(3)]
    name = dist.metadata["Name"].replace("-", "_").replace(".", "_")
    file_name = "%s-%s-%s.whl" % (name, dist.version, "-".join(".".join(p) for p in parts))
    records = []
    with zipfile.ZipFile(os.path.join(out_dir, file_name), "w", zipfile.ZIP_DEFLATED) as whl:
        for f in dist.files:
            path = str(f)
            top, _, rest = path.partition("/")
            if path.startswith("..") or "__pycache__" in path or path.endswith(".pyc"):
                continue  # scripts outside site-packages are made again by pip from the entry points
            if top == info and rest in SKIPPED:
                continue
            data = dist.locate_file(f).read_bytes()
            whl.writestr(path, data)
            records.append((path, digest(data), str(len(data))))
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerows(records)
        writer.writerow((info + "/RECORD", "", ""))
        whl.writestr(info + "/RECORD", text.getvalue())
    return file_name


def main():
    out_dir, requirement = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    for dist in closure(requirement):
        print(repack(dist, out_dir))


if __name__ == "__main__":
    main()
