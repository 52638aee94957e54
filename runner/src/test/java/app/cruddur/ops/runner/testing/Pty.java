package app.cruddur.ops.runner.testing;

import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.cli.Invocation;
import app.cruddur.ops.runner.cli.Main;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@code cruddur} on a pseudo-terminal, as a person runs it: util-linux {@code script} gives it a
 * terminal for stdin, stdout and stderr, and passes on what is typed (Ctrl-C is the byte 0x03,
 * which the terminal turns into SIGINT for the command). What the terminal received is kept raw and
 * can be {@link #screen() rendered} the way a terminal shows it.
 */
public final class Pty {
  private final Process process;
  private final Path transcript;
  private final OutputStream keyboard;

  private Pty(Process process, Path transcript) {
    this.process = process;
    this.transcript = transcript;
    this.keyboard = process.getOutputStream();
  }

  /** True where {@code script} can be run. */
  public static boolean available() {
    return Files.isExecutable(Path.of("/usr/bin/script"));
  }

  /** Starts {@code cruddur args...} with its local environment in {@code localDir}. */
  public static Pty start(Path projectDir, Path localDir, Map<String, String> env, String... args) {
    try {
      Path logs = Files.createDirectories(TestPaths.target("pty-logs"));
      Path transcript = Files.createTempFile(logs, "pty", ".txt");
      List<String> java = new ArrayList<>();
      java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      java.addAll(
          List.of(
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-cp",
              System.getProperty("java.class.path"),
              Main.class.getName()));
      java.addAll(List.of(args));
      // exec: the command is the terminal's foreground process, as when typed at a prompt
      String command = "exec " + java.stream().map(Pty::quote).collect(Collectors.joining(" "));
      ProcessBuilder pb =
          HermeticEnvironment.apply(
                  new ProcessBuilder("/usr/bin/script", "-qefc", command, "/dev/null"))
              .redirectOutput(transcript.toFile())
              .redirectError(ProcessBuilder.Redirect.appendTo(transcript.toFile()));
      pb.environment().put(Release.PROJECT_DIR_ENV, projectDir.toString());
      pb.environment().put(Invocation.LOCAL_DIR_ENV, localDir.toString());
      pb.environment().put("TERM", "xterm");
      pb.environment().put("SHELL", "/bin/sh");
      env.forEach(
          (k, v) -> {
            if (v == null) {
              pb.environment().remove(k);
            } else {
              pb.environment().put(k, v);
            }
          });
      return new Pty(pb.start(), transcript);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Types Ctrl-C. */
  public void ctrlC() {
    try {
      keyboard.write(3);
      keyboard.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until what the terminal received so far satisfies {@code shown}. */
  public String awaitRaw(Predicate<String> shown, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    String raw = raw();
    while (!shown.test(raw)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("not shown (exited: " + !process.isAlive() + "):\n" + raw);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      raw = raw();
    }
    return raw;
  }

  /** Waits for the command to end; its exit code (script passes it on). */
  public int await(Duration bound) {
    try {
      if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("did not end within " + bound + ":\n" + raw());
      }
      keyboard.close();
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Everything the terminal received, escape sequences and carriage returns included. */
  public String raw() {
    try {
      return Files.readString(transcript, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines as the terminal shows them at the end ({@link #render}). */
  public List<String> screen() {
    return render(raw());
  }

  /**
   * The lines a terminal shows for {@code raw}: a carriage return goes back to the start of the
   * line and later characters overwrite earlier ones (what was not overwritten stays: stale
   * characters show); a line feed starts the next line; colour sequences take no room; trailing
   * blanks are dropped.
   */
  public static List<String> render(String raw) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int column = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\u001b' && i + 1 < raw.length() && raw.charAt(i + 1) == '[') {
        int end = i + 2;
        while (end < raw.length() && !Character.isLetter(raw.charAt(end))) {
          end++;
        }
        i = end;
      } else if (c == '\r') {
        column = 0;
      } else if (c == '\n') {
        lines.add(line.toString().stripTrailing());
        line.setLength(0);
        column = 0;
      } else {
        if (column < line.length()) {
          line.setCharAt(column, c);
        } else {
          line.append(c);
        }
        column++;
      }
    }
    if (!line.isEmpty()) {
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  private static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
