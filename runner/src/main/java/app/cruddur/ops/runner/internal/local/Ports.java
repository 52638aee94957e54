package app.cruddur.ops.runner.internal.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.OptionalInt;
import java.util.Set;

/** Loopback port checks for the local environment. */
public final class Ports {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final int SEARCH_SPAN = 100;

  private Ports() {}

  /** True when nothing holds {@code port} on 127.0.0.1 (a bind succeeds). */
  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      // as servers do: a listener makes the bind fail, connections in TIME_WAIT do not
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(LOOPBACK, port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** True when something accepts connections on 127.0.0.1:{@code port}. */
  public static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether the listener on 127.0.0.1:{@code port} belongs to {@code process} (or a descendant):
   * another program that took the port meanwhile must not pass for ours. Asked of {@code lsof}
   * (macOS, BSD, most Linux), else of Linux's /proc; where neither can tell, any listener counts.
   */
  public static boolean listenerBelongsTo(ProcessHandle process, int port) {
    java.util.Set<Long> family = new java.util.HashSet<>();
    family.add(process.pid());
    process.descendants().forEach(p -> family.add(p.pid()));
    return listenersPerLsof(port)
        .or(() -> ListenersPerProc.of(port, family))
        .map(pids -> pids.stream().anyMatch(family::contains))
        .orElseGet(() -> answers(port));
  }

  /**
   * Who listens on 127.0.0.1:{@code port}, for an error message: "pid 4242 (postgres -D …)"; empty
   * when neither lsof nor /proc can tell.
   */
  public static java.util.Optional<String> holder(int port) {
    return listenersPerLsof(port)
        .or(
            () ->
                ListenersPerProc.of(
                    port,
                    ProcessHandle.allProcesses()
                        .map(ProcessHandle::pid)
                        .collect(java.util.stream.Collectors.toSet())))
        .flatMap(pids -> pids.stream().sorted().findFirst())
        .map(
            pid ->
                "pid "
                    + pid
                    + ProcessHandle.of(pid)
                        .map(Processes::commandLine)
                        .filter(c -> !c.isBlank())
                        .map(c -> " (" + (c.length() > 120 ? c.substring(0, 117) + "…" : c) + ")")
                        .orElse(""));
  }

  /** The pids listening on TCP {@code port}, per {@code lsof}; empty when lsof cannot be run. */
  static java.util.Optional<java.util.Set<Long>> listenersPerLsof(int port) {
    try {
      Process lsof =
          new ProcessBuilder("lsof", "-nP", "-iTCP:" + port, "-sTCP:LISTEN", "-t")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      String out =
          new String(lsof.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!lsof.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        lsof.destroyForcibly();
        return java.util.Optional.empty();
      }
      // exit 1 with no output: nothing listens (or nothing we may see)
      if (lsof.exitValue() > 1) {
        return java.util.Optional.empty();
      }
      java.util.Set<Long> pids = new java.util.HashSet<>();
      for (String line : out.split("\\R")) {
        if (line.strip().matches("\\d+")) {
          pids.add(Long.parseLong(line.strip()));
        }
      }
      return java.util.Optional.of(pids);
    } catch (IOException noLsof) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }

  /**
   * Linux without lsof: the listening socket's inode in /proc/net/tcp, looked up among the family's
   * fds.
   */
  private static final class ListenersPerProc {
    static java.util.Optional<java.util.Set<Long>> of(int port, java.util.Set<Long> family) {
      java.util.Optional<String> inode = listeningInode(port);
      if (inode.isEmpty()) {
        return java.util.Optional.empty();
      }
      String socket = "socket:[" + inode.get() + "]";
      java.util.Set<Long> owners = new java.util.HashSet<>();
      for (long pid : family) {
        java.nio.file.Path fds = java.nio.file.Path.of("/proc", Long.toString(pid), "fd");
        try (java.util.stream.Stream<java.nio.file.Path> links = java.nio.file.Files.list(fds)) {
          if (links.anyMatch(
              fd -> {
                try {
                  return java.nio.file.Files.readSymbolicLink(fd).toString().equals(socket);
                } catch (IOException | UnsupportedOperationException gone) {
                  return false;
                }
              })) {
            owners.add(pid);
          }
        } catch (IOException | SecurityException unreadable) {
          // not ours to read: keep looking
        }
      }
      return java.util.Optional.of(owners);
    }

    private static java.util.Optional<String> listeningInode(int port) {
      String hexPort = String.format(":%04X", port);
      for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
        try {
          for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(table))) {
            String[] f = line.trim().split("\\s+");
            // sl local_address rem_address st ... inode (field 9); st 0A = LISTEN
            if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
              return java.util.Optional.of(f[9]);
            }
          }
        } catch (IOException | RuntimeException unreadable) {
          // no /proc
        }
      }
      return java.util.Optional.empty();
    }
  }

  /** The first free port from {@code preferred} on, skipping {@code exclude}. */
  public static OptionalInt firstFreeFrom(int preferred, Set<Integer> exclude) {
    for (int port = preferred; port < preferred + SEARCH_SPAN && port <= 65535; port++) {
      if (!exclude.contains(port) && isFree(port)) {
        return OptionalInt.of(port);
      }
    }
    return OptionalInt.empty();
  }
}
