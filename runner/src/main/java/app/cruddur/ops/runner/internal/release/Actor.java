package app.cruddur.ops.runner.internal.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Who applies, for the ledger: {@code user@host pid N}, from the environment given. */
public final class Actor {
  private Actor() {}

  /**
   * USER (else {@code user.name}) at HOSTNAME (else the {@code hostname} command), and this
   * process's pid.
   */
  public static String of(Map<String, String> environment) {
    String user =
        Optional.ofNullable(environment.get("USER"))
            .filter(u -> !u.isBlank())
            .orElseGet(() -> System.getProperty("user.name", "unknown"));
    String host =
        Optional.ofNullable(environment.get("HOSTNAME"))
            .filter(h -> !h.isBlank())
            .orElseGet(Actor::hostName);
    return user + "@" + host + " pid " + ProcessHandle.current().pid();
  }

  /** The machine's name, as {@code hostname} prints it (macOS and Linux alike; no DNS lookup). */
  private static String hostName() {
    // Linux: the kernel's node name, what `hostname` prints, without starting a process
    try {
      String name =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname"))
              .strip();
      if (!name.isEmpty() && !name.contains("\n")) {
        return name;
      }
    } catch (IOException | RuntimeException notLinux) {
      // fall back on the command
    }
    try {
      Process p =
          new ProcessBuilder("hostname")
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
      p.getOutputStream().close();
      String name = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 && !name.isEmpty() && !name.contains("\n") ? name : "localhost";
    } catch (IOException e) {
      return "localhost";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "localhost";
    }
  }
}
