package app.cruddur.ops.runner.internal.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finding and stopping the processes of the local environment by pid, safely. */
public final class Processes {
  /** Clock and start-time granularity between a process starting and the file that records it. */
  private static final Duration SLACK = Duration.ofSeconds(2);

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

  /**
   * {@link #aliveRunning(long, String)}, and started no later than {@code recordedAt}: pids come
   * round quickly on a busy machine (threads take them too), and a later process with the same pid
   * and a similar command line (another environment's moto) is not the one recorded.
   */
  public static Optional<ProcessHandle> aliveRunning(long pid, String marker, Instant recordedAt) {
    return aliveRunning(pid, marker)
        .filter(
            p ->
                p.info()
                    .startInstant()
                    .map(started -> !started.isAfter(recordedAt.plus(SLACK)))
                    .orElse(true));
  }

  /**
   * The first JVM option of the supervisor of {@code layout}: it tells that supervisor from any
   * other (and from a reused pid), within the part of a command line every platform reports (the
   * JDK on Linux sees the first 4096 bytes; a long class path comes after it).
   */
  public static String supervisorMarker(LocalLayout layout) {
    return "-Dcruddur.localSupervisor=" + layout.dir();
  }

  /** The supervisor recorded in {@code state}, if it is still that process. */
  public static Optional<ProcessHandle> supervisor(LocalLayout layout, LocalState state) {
    return aliveRunning(state.supervisorPid(), supervisorMarker(layout), state.startedAt());
  }

  /** The moto recorded in {@code state}, if it is still that process (serving that port). */
  public static Optional<ProcessHandle> moto(LocalState state) {
    return aliveRunning(state.motoPid(), "-p " + state.motoPort(), state.startedAt());
  }

  /**
   * The postmaster of {@code dataDir}, if its {@code postmaster.pid} names a live postgres that
   * wrote it.
   */
  public static Optional<ProcessHandle> postmaster(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    try {
      Instant written = Files.getLastModifiedTime(pidFile).toInstant();
      return aliveRunning(postmasterPid(dataDir), "postgres", written);
    } catch (IOException noPidFile) {
      return Optional.empty();
    }
  }

  /**
   * The command line as the JDK reads it (sysctl on macOS, /proc on Linux): on Linux only its first
   * 4096 bytes, so a marker to look for belongs early in the command (see {@link
   * #SUPERVISOR_MARKER}).
   */
  public static String commandLine(ProcessHandle process) {
    ProcessHandle.Info info = process.info();
    return info.commandLine().orElse(info.command().orElse(""));
  }

  /** Sends a signal by name (TERM, INT, KILL) with the system's kill. */
  public static void signal(long pid, String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
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
