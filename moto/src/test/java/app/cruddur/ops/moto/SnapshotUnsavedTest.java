package app.cruddur.ops.moto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code unsaved} says when moto dies, read from the state script's own {@code State} (moto's
 * backends left out: an empty snapshot is written like a full one). A write can arrive while a
 * snapshot is being written; if moto dies before that snapshot lands, the one on disk lacks every
 * write since the one before it, and {@code unsaved} must say so (the next release runs again the
 * steps applied since).
 */
class SnapshotUnsavedTest {
  @TempDir Path dir;

  /** Runs {@code scenario} (Python, with {@code state}, {@code Died} and {@code unsaved()}). */
  private String run(String scenario) throws Exception {
    try (InputStream script = MotoLauncher.class.getResourceAsStream(MotoLauncher.STATE_SCRIPT)) {
      Files.write(dir.resolve(MotoLauncher.STATE_SCRIPT), script.readAllBytes());
    }
    Path driver =
        Files.writeString(
            dir.resolve("driver.py"),
            String.join(
                "\n",
                "import itertools, os, sys",
                "sys.path.insert(0, sys.argv[1])",
                "import moto_with_state as m",
                "seconds = itertools.count(1)",
                "m.now_iso = lambda: '2026-12-07T00:00:%02dZ' % next(seconds)",
                "m.collect = lambda: {}",
                "m.moto_version = lambda: 'test'",
                "state = m.State(sys.argv[1])",
                "state.restore()  # at :01",
                "class Died(Exception): pass",
                "def unsaved():",
                "    path = os.path.join(sys.argv[1], 'unsaved')",
                "    return open(path).read() if os.path.exists(path) else 'nothing'",
                scenario,
                ""));
    Process python =
        new ProcessBuilder("python3", driver.toString(), dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).as(out).isZero();
    return out.strip();
  }

  @Test
  void aWriteWhileASnapshotIsWrittenThatNeverLandsLeavesTheEarlierWriteUnsaved() throws Exception {
    String out =
        run(
            String.join(
                "\n",
                "state.wrote()  # :02, in no snapshot",
                "def dies_while_writing(fd):",
                "    state.wrote()  # a write while the snapshot taken at :03 is written",
                "    raise Died()",
                "m.os.fsync = dies_while_writing",
                "try:",
                "    state.snapshot()",
                "except Died:",
                "    print(unsaved())"));

    assertThat(out).isEqualTo("2026-12-07T00:00:02Z");
  }

  @Test
  void aSnapshotThatLandsLeavesUnsavedOnlyTheWritesSinceItWasTaken() throws Exception {
    String out =
        run(
            String.join(
                "\n",
                "state.wrote()  # :02",
                "fsync = m.os.fsync",
                "def a_write_meanwhile(fd):",
                "    state.wrote()  # :04, after the snapshot taken at :03",
                "    fsync(fd)",
                "m.os.fsync = a_write_meanwhile",
                "state.snapshot()",
                "print(unsaved())",
                "m.os.fsync = fsync",
                "state.snapshot()",
                "print(unsaved())"));

    assertThat(out.lines()).containsExactly("2026-12-07T00:00:04Z", "nothing");
  }
}
