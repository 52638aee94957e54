package app.cruddur.ops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command as a child process and measures it: wall time from just before the fork to its
 * exit (so a JVM's or an interpreter's start is included), and its peak resident memory, sampled
 * from {@code /proc/PID/status} (VmHWM, the kernel's high-water mark) until it exits. Output goes
 * to files in {@code bench/.work/logs}; a run over its time limit is killed.
 */
public final class Subprocess {
  private static final long SAMPLE_MILLIS = 10;

  /**
   * One finished run.
   *
   * @param exit exit code
   * @param wallNanos wall time, fork to exit
   * @param peakRssKb VmHWM at the last sample before exit (0 when /proc is not there)
   * @param stdout its standard output file
   * @param stderr its standard error file
   */
  public record Run(int exit, long wallNanos, long peakRssKb, Path stdout, Path stderr) {
    public double seconds() {
      return wallNanos / 1e9;
    }

    public String out() {
      return read(stdout);
    }

    public String err() {
      return read(stderr);
    }

    /** The last lines of stderr and stdout, for an error message. */
    public String tail() {
      return lastLines(err(), 15) + lastLines(out(), 5);
    }

    private static String lastLines(String text, int n) {
      List<String> lines = text.lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size())) + "\n";
    }

    private static String read(Path file) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }
  }

  private Subprocess() {}

  /**
   * Runs {@code command} in {@code dir} with {@code env} added to this process's environment,
   * logging to {@code logs/NAME.out} and {@code .err}.
   *
   * @throws IllegalStateException when it cannot start or runs past {@code limit}
   */
  public static Run run(
      String name,
      List<String> command,
      Map<String, String> env,
      Path dir,
      Path logs,
      Duration limit)
      throws IOException, InterruptedException {
    Files.createDirectories(logs);
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(env);
    long start = System.nanoTime();
    Process p = builder.start();
    Path status = Path.of("/proc", Long.toString(p.pid()), "status");
    long peak = 0;
    long deadline = start + limit.toNanos();
    while (!p.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
      peak = Math.max(peak, vmHwmKb(status));
      if (System.nanoTime() > deadline) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
        throw new IllegalStateException(
            name
                + " ran past "
                + limit.toSeconds()
                + " s and was killed: "
                + String.join(" ", command));
      }
    }
    long wall = System.nanoTime() - start;
    return new Run(p.exitValue(), wall, peak, out, err);
  }

  /** VmHWM of a live process in kB; 0 once it has gone. */
  static long vmHwmKb(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.substring(6).replace("kB", "").strip());
        }
      }
    } catch (IOException | NumberFormatException gone) {
      // exited between two samples (or a zombie without memory lines)
    }
    return 0;
  }

  /** Fails with the run's output when it did not exit 0. */
  public static Run ok(Run run, String what) {
    if (run.exit() != 0) {
      throw new IllegalStateException(what + " exited " + run.exit() + ":\n" + run.tail());
    }
    return run;
  }
}
