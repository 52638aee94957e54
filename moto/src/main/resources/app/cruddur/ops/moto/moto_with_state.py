"""moto's server, with its DynamoDB, DynamoDB Streams and Cognito state kept on disk.

Run by the Python that runs moto_server:  python moto_with_state.py --state DIR -H HOST -p PORT

moto keeps its data in memory only. This keeps a snapshot of it in DIR/state.pickle: restored at
start, written at most every few seconds after a write (never more often than ten times as long
as the last snapshot took), and once more on SIGTERM/SIGINT. The snapshot is moto's own objects
(tables with their items, indexes and stream records; user pools with their clients and users,
subs and passwords as moto holds them), so ids, ARNs and creation times come back as they were.

DIR/unsaved holds the time of the first write the snapshot on disk does not have: left behind when
moto is killed (even while a snapshot is being written), it tells the next start what was lost.
DIR/restored.json says what the start restored (or why it could not); the runner reads it and
tells the user.
"""

import argparse
import copyreg
import json
import os
import pickle
import signal
import sys
import threading
import time
from datetime import datetime, timezone

SERVICES = ("dynamodb", "dynamodbstreams", "cognito-idp")
FORMAT = 1
# Seconds between snapshots at least (CRUDDUR_MOTO_SNAPSHOT_EVERY: tests that need a write to be
# lost deterministically make it long).
MIN_INTERVAL = float(os.environ.get("CRUDDUR_MOTO_SNAPSHOT_EVERY", "2"))

# Requests that change nothing worth keeping (the stream poller reads all the time).
READS = (
    "Get", "Describe", "List", "Query", "Scan", "BatchGetItem", "AdminGet", "GetShardIterator",
)


def now_iso():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def moto_version():
    try:
        import importlib.metadata as metadata
        return metadata.version("moto")
    except Exception:  # noqa: BLE001 - any failure means "unknown"
        return "unknown"


def cognito_key():
    """The key every Cognito pool of moto holds, loaded from moto's resources."""
    from joserfc import jwk
    from moto.cognitoidp import models
    from moto.utilities.utils import load_resource

    return jwk.RSAKey.import_key(load_resource(models.__name__, "resources/jwks-private.json"))


def register_picklers():
    # the same key in every pool: pickled by reference, loaded again on restore
    try:
        from joserfc import jwk
    except ImportError:  # a moto without Cognito's dependencies: no key to pickle
        return
    copyreg.pickle(jwk.RSAKey, lambda key: (cognito_key, ()))


class State:
    def __init__(self, directory):
        self.dir = directory
        self.file = os.path.join(directory, "state.pickle")
        self.unsaved = os.path.join(directory, "unsaved")
        self.lock = threading.RLock()
        self.dirty_since = None  # the first write since the last snapshot was taken
        self.unsaved_since = None  # the first write the snapshot on disk lacks: DIR/unsaved
        self.last_duration = 0.0
        self.last_snapshot = time.monotonic()  # the state restored at start is the last one

    # -- at start -------------------------------------------------------------------------------

    def restore(self):
        """Loads the snapshot into moto's backends; writes restored.json saying what happened."""
        report = {"version": moto_version(), "restoredAt": now_iso(), "snapshotAt": None,
                  "lostSince": None, "tables": 0, "items": 0, "userPools": 0, "users": 0,
                  "seconds": 0.0, "error": None}
        if os.path.isfile(self.unsaved):
            with open(self.unsaved, encoding="utf-8") as f:
                report["lostSince"] = f.read().strip() or "unknown"
        if os.path.isfile(self.file):
            started = time.monotonic()
            try:
                with open(self.file, "rb") as f:
                    header = pickle.load(f)
                    report["snapshotAt"] = header.get("at")
                    if header.get("format") != FORMAT or header.get("version") != moto_version():
                        raise ValueError(
                            "it was written by moto %s, and this is moto %s"
                            % (header.get("version"), moto_version()))
                    backends = pickle.load(f)
                install(backends)
                report.update(count(backends))
            except Exception as e:  # noqa: BLE001 - reported, and the engine starts empty
                report["error"] = "%s: %s" % (type(e).__name__, e)
                kept = self.file + ".unreadable"
                os.replace(self.file, kept)
                report["kept"] = kept
            report["seconds"] = round(time.monotonic() - started, 3)
        write_json(os.path.join(self.dir, "restored.json"), report)
        remove(self.unsaved)

    # -- while serving --------------------------------------------------------------------------

    def wrote(self):
        with self.lock:
            if self.dirty_since is None:
                self.dirty_since = now_iso()
            if self.unsaved_since is None:
                self.unsaved_since = self.dirty_since
                write_text(self.unsaved, self.unsaved_since)

    def snapshot_if_due(self):
        with self.lock:
            if self.dirty_since is None:
                return
            due = self.last_snapshot + max(MIN_INTERVAL, 10 * self.last_duration)
        if time.monotonic() >= due:
            self.snapshot()

    def snapshot(self):
        started = time.monotonic()
        with self.lock:
            if self.dirty_since is None and os.path.isfile(self.file):
                return
            self.dirty_since = None
            backends = collect()
            header = {"format": FORMAT, "version": moto_version(), "at": now_iso()}
            header.update(count(backends))
            data = pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL) + pickle.dumps(
                backends, protocol=pickle.HIGHEST_PROTOCOL)
        tmp = self.file + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.file)
        write_json(os.path.join(self.dir, "snapshot.json"), header)
        with self.lock:
            # on disk now: what it lacks are the writes since it was taken, if any
            self.unsaved_since = self.dirty_since
            if self.unsaved_since is None:
                remove(self.unsaved)
            else:
                write_text(self.unsaved, self.unsaved_since)
            self.last_duration = time.monotonic() - started
            self.last_snapshot = time.monotonic()


def collect():
    from moto.backends import get_backend
    return {service: {account: dict(regions) for account, regions in get_backend(service).items()}
            for service in SERVICES}


def install(backends):
    from moto.backends import get_backend
    for service, accounts in backends.items():
        backend_dict = get_backend(service)
        for account, regions in accounts.items():
            for region, backend in regions.items():
                backend_dict[account][region] = backend


def count(backends):
    tables = items = pools = users = 0
    for regions in backends.get("dynamodb", {}).values():
        for backend in regions.values():
            for table in getattr(backend, "tables", {}).values():
                tables += 1
                try:
                    items += len(table)
                except Exception:  # noqa: BLE001 - a count is a courtesy
                    pass
    for regions in backends.get("cognito-idp", {}).values():
        for backend in regions.values():
            for pool in getattr(backend, "user_pools", {}).values():
                pools += 1
                users += len(getattr(pool, "users", {}))
    return {"tables": tables, "items": items, "userPools": pools, "users": users}


class Guarded:
    """Serves one request at a time (moto's objects are not safe to pickle mid-change)."""

    def __init__(self, app, state):
        self.app = app
        self.state = state

    def __call__(self, environ, start_response):
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        action = target.rsplit(".", 1)[-1]
        changes = environ.get("REQUEST_METHOD") != "GET" and not action.startswith(READS)
        with self.state.lock:
            if changes and not environ.get("PATH_INFO", "").startswith("/moto-api"):
                self.state.wrote()
            return list(self.app(environ, start_response))


def write_json(path, document):
    write_text(path, json.dumps(document, indent=1))


def write_text(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def remove(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--state", required=True)
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, required=True)
    args = parser.parse_args()
    os.environ.setdefault("MOTO_PORT", str(args.port))
    os.makedirs(args.state, exist_ok=True)

    from werkzeug.serving import run_simple
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    register_picklers()
    state = State(args.state)
    state.restore()

    def stop(signum, frame):
        state.snapshot()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def keep():
        while True:
            time.sleep(0.5)
            try:
                state.snapshot_if_due()
            except Exception as e:  # noqa: BLE001 - logged; the next one may work
                print("snapshot failed: %r" % e, file=sys.stderr, flush=True)

    threading.Thread(target=keep, name="snapshots", daemon=True).start()
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(args.host, args.port, Guarded(app, state), threaded=True)


if __name__ == "__main__":
    main()
