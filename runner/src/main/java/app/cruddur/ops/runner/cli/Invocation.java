package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.Release;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the CLI takes from the process it runs in: environment variables, working directory and the
 * terminal. Tests pass their own, so no command reads {@code System.getenv} directly.
 *
 * @param env environment variables
 * @param workingDir the directory relative paths are resolved against
 * @param input where answers to prompts come from
 * @param interactive stdin and stdout are a terminal (prompts allowed)
 * @param stderrTerminal stderr is a terminal (progress bars redrawn in place)
 */
public record Invocation(
    Map<String, String> env,
    Path workingDir,
    BufferedReader input,
    boolean interactive,
    boolean stderrTerminal) {
  /** Local environment directory override. */
  public static final String LOCAL_DIR_ENV = "CRUDDUR_LOCAL_DIR";

  /**
   * This process as the CLI sees it: its environment is the only place AWS settings are read from
   * (with {@code HOME} from {@code user.home} where the shell did not set it, as the AWS CLI does).
   */
  public static Invocation system() {
    Map<String, String> env = System.getenv();
    if (!env.containsKey("HOME")) {
      env = new java.util.HashMap<>(env);
      env.put("HOME", System.getProperty("user.home"));
    }
    return new Invocation(
        Map.copyOf(env),
        Path.of("").toAbsolutePath(),
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
        System.console() != null,
        stderrIsTerminal());
  }

  /** An invocation whose stderr is a terminal when stdin and stdout are. */
  public Invocation(
      Map<String, String> env, Path workingDir, BufferedReader input, boolean interactive) {
    this(env, workingDir, input, interactive, interactive);
  }

  /**
   * Whether this process's stderr is a terminal: where /proc tells (Linux), the device it is open
   * on; elsewhere, whether stdin and stdout are one (Java 17 cannot ask of stderr alone).
   */
  static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    try {
      String device = java.nio.file.Files.readSymbolicLink(fd).toString();
      return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
    } catch (java.io.IOException | UnsupportedOperationException | SecurityException noProc) {
      return System.console() != null;
    }
  }

  /**
   * Whether progress may be coloured: not with {@code NO_COLOR} set to anything (no-color.org), nor
   * on a dumb terminal.
   */
  public boolean color() {
    return getenv("NO_COLOR").isEmpty()
        && !env.containsKey("NO_COLOR")
        && !"dumb".equals(env.get("TERM"));
  }

  /**
   * How many columns stdout's terminal has: {@code COLUMNS} when the shell exported it, else the
   * terminal's own size ({@code stty size}) when stdin and stdout are one; empty off a terminal.
   */
  public OptionalInt terminalWidth() {
    Optional<String> columns = getenv("COLUMNS").filter(c -> c.strip().matches("\\d{1,4}"));
    if (columns.isPresent()) {
      return OptionalInt.of(Integer.parseInt(columns.get().strip()));
    }
    if (!interactive || !Files.isReadable(TTY)) {
      return OptionalInt.empty();
    }
    try {
      Process stty =
          new ProcessBuilder("stty", "size")
              .redirectInput(TTY.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (stty.waitFor() == 0 && size.strip().matches("\\d+ \\d+")) {
        int cols = Integer.parseInt(size.strip().split(" ")[1]);
        return cols > 0 ? OptionalInt.of(cols) : OptionalInt.empty();
      }
    } catch (IOException e) {
      // no stty: print at full width
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return OptionalInt.empty();
  }

  private static final Path TTY = Path.of("/dev/tty");

  /** An environment variable, if set and not blank. */
  public Optional<String> getenv(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }

  /** Where {@code migrations/} and {@code seeders/} are: option, else the launcher's, else here. */
  public Path projectDir(Optional<Path> option) {
    return option
        .or(() -> getenv(Release.PROJECT_DIR_ENV).map(Path::of))
        .orElse(workingDir)
        .toAbsolutePath()
        .normalize();
  }

  /** The local environment's directory: option, else env, else {@code <project>/.cruddur/local}. */
  public Path localDir(Optional<Path> option, Path projectDir) {
    return option
        .or(() -> getenv(LOCAL_DIR_ENV).map(Path::of))
        .orElse(projectDir.resolve(".cruddur").resolve("local"))
        .toAbsolutePath()
        .normalize();
  }
}
