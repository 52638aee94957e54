package app.cruddur.ops.runner.internal.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finding and stopping the processes of the local environment by pid, safely. */
public final class Processes {
  private Processes() {}

  /** The process, if {@code pid} is alive. */
  public static Optional<ProcessHandle> alive(long pid) {
    if (pid <= 0) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
  }

  /**
   * The process, if {@code pid} is alive AND its command line contains {@code marker}: guards
   * against a pid that was reused by an unrelated process since we recorded it.
   */
  public static Optional<ProcessHandle> aliveRunning(long pid, String marker) {
    return alive(pid).filter(p -> commandLine(p).contains(marker));
  }

  /** The full command line, from /proc where the JDK cannot tell. */
  public static String commandLine(ProcessHandle process) {
    Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    try {
      if (Files.isReadable(cmdline)) {
        return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
      }
    } catch (IOException gone) {
      // fall through to what the JDK knows
    }
    return process.info().commandLine().orElse(process.info().command().orElse(""));
  }

  /** Sends a signal by name (TERM, INT, KILL) with the system's kill. */
  public static void signal(long pid, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      kill.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kill: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops a process: {@code signal} first, then SIGKILL of it and its descendants if it has not
   * exited within {@code grace}. Returns true when it is gone.
   */
  public static boolean stop(ProcessHandle process, String signal, Duration grace) {
    List<ProcessHandle> family = process.descendants().toList();
    signal(process.pid(), signal);
    if (awaitExit(process, grace)) {
      return true;
    }
    family.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    return awaitExit(process, Duration.ofSeconds(5));
  }

  /** Waits until the process has exited. */
  public static boolean awaitExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return !process.isAlive();
    } catch (java.util.concurrent.ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /** The postmaster pid recorded in a PostgreSQL data directory, if any. */
  public static long postmasterPid(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    try {
      if (Files.isRegularFile(pidFile)) {
        List<String> lines = Files.readAllLines(pidFile);
        if (!lines.isEmpty()) {
          return Long.parseLong(lines.get(0).strip());
        }
      }
    } catch (IOException | NumberFormatException unreadable) {
      // no usable pid file
    }
    return 0;
  }
}
