package app.cruddur.ops.runner.internal.local;

import app.cruddur.ops.runner.api.BuildInfo;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.OneLine;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The moto server the local environment runs, pinned by the build ({@link
 * BuildInfo#motoVersion()}): {@code $CRUDDUR_MOTO_SERVER}, else the private virtualenv next to the
 * local directory ({@code .cruddur/moto-<version>}), else {@code moto_server} on {@code PATH}; when
 * there is none, the pinned {@code moto[server]} is installed into the private virtualenv (python3
 * -m venv, pip with the environment's pip settings). Where that cannot work, one line says what to
 * install.
 *
 * <p>Longer than our usual class (about 300 lines) on purpose: finding, installing (venv, pip, the
 * lock between concurrent first runs, cleaning a failed install) and telling the version of one
 * executable are one decision, and each failure needs its own one-line remedy.
 */
public final class MotoInstallation {
  /** Environment variable naming the moto_server executable, when it is not on PATH. */
  public static final String EXECUTABLE_ENV = "CRUDDUR_MOTO_SERVER";

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(20);
  private static final String COMPLETE_MARKER = ".cruddur-installed";

  /**
   * A moto_server to run.
   *
   * @param path the executable
   * @param version its moto version ({@code unknown} when it cannot be told)
   * @param python the Python that runs it, which can also run moto with its state kept on disk
   *     (empty when none was found: moto then keeps its data in memory only)
   */
  public record Executable(Path path, String version, Optional<Path> python) {
    /** True when it is the version the build pins. */
    public boolean pinned() {
      return version.equals(pinnedVersion());
    }
  }

  private final Path virtualenv;
  private final Map<String, String> env;
  private final Consumer<String> notices;

  /**
   * @param layout the local environment (its private virtualenv is beside it)
   * @param env the environment variables: PATH, {@value #EXECUTABLE_ENV}, and pip's own settings
   * @param notices where to say that an install starts (it takes a minute)
   */
  public MotoInstallation(LocalLayout layout, Map<String, String> env, Consumer<String> notices) {
    this.virtualenv = layout.motoVirtualenv(pinnedVersion());
    this.env = Map.copyOf(env);
    this.notices = notices;
  }

  /** The moto version of this build. */
  public static String pinnedVersion() {
    return BuildInfo.current().motoVersion();
  }

  /** What to tell someone who has to install it by hand. */
  public static String installHint() {
    return "install moto yourself: pip install \"moto[server]=="
        + pinnedVersion()
        + "\" (or set "
        + EXECUTABLE_ENV
        + " to its moto_server)";
  }

  /** The private virtualenv. */
  public Path virtualenv() {
    return virtualenv;
  }

  /**
   * The moto_server to run: one that is there, else the pinned one, installed now.
   *
   * @throws CruddurException exit 4 when {@value #EXECUTABLE_ENV} names no executable, or moto is
   *     missing and cannot be installed here
   */
  public Executable resolve() {
    Optional<String> explicit = get(EXECUTABLE_ENV);
    if (explicit.isPresent()) {
      Path path = Path.of(explicit.get());
      if (!Files.isExecutable(path)) {
        throw CruddurException.of(
            ErrorCode.MOTO_MISSING,
            EXECUTABLE_ENV + "=" + path + " is not an executable file",
            "Point it at a moto_server, or unset it to use the one on PATH (or the pinned one,"
                + " installed for you)");
      }
      return of(path);
    }
    Optional<Path> found = installed().or(this::onPath);
    if (found.isPresent()) {
      return of(found.get());
    }
    Path installed = install();
    return new Executable(
        installed, pinnedVersion(), Optional.of(virtualenv.resolve("bin").resolve("python")));
  }

  /** The private virtualenv's moto_server, when a complete install is there. */
  private Optional<Path> installed() {
    Path executable = virtualenv.resolve("bin").resolve("moto_server");
    return Files.isRegularFile(virtualenv.resolve(COMPLETE_MARKER))
            && Files.isExecutable(executable)
        ? Optional.of(executable)
        : Optional.empty();
  }

  private Optional<Path> onPath() {
    return which("moto_server");
  }

  private Optional<Path> which(String program) {
    for (String entry : get("PATH").orElse("").split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        Path candidate = Path.of(entry, program);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private Optional<String> get(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }

  /** Installs the pinned moto into the private virtualenv (once: other processes wait for it). */
  private Path install() {
    String requirement = "moto[server]==" + pinnedVersion();
    Path python =
        which("python3")
            .or(() -> which("python"))
            .orElseThrow(
                () ->
                    CruddurException.of(
                        ErrorCode.MOTO_MISSING,
                        "moto_server was not found, and there is no python3 to install moto "
                            + pinnedVersion()
                            + " with",
                        "Install Python 3 (macOS: brew install python; Debian/Ubuntu: apt-get"
                            + " install python3 python3-venv) and rerun, or "
                            + installHint()));
    Path log = virtualenv.resolveSibling(virtualenv.getFileName() + "-install.log");
    try {
      Files.createDirectories(virtualenv.getParent());
      try (FileChannel channel =
              FileChannel.open(
                  virtualenv.resolveSibling(virtualenv.getFileName() + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        Optional<Path> done = installed();
        if (done.isPresent()) {
          return done.get(); // another process installed it while we waited
        }
        deleteTree(virtualenv); // what an interrupted install left
        notices.accept(
            "Installing moto "
                + pinnedVersion()
                + " for the local environment into "
                + virtualenv
                + " (once; about a minute; log in "
                + log
                + ") …");
        Files.writeString(log, "");
        if (run(List.of(python.toString(), "-m", "venv", virtualenv.toString()), log) != 0) {
          deleteTree(virtualenv);
          throw CruddurException.of(
              ErrorCode.MOTO_MISSING,
              "moto_server was not found, and "
                  + python
                  + " could not create a virtualenv to install moto "
                  + pinnedVersion()
                  + " in: "
                  + lastLine(log),
              "Install the venv module (Debian/Ubuntu: apt-get install python3-venv) and rerun, or "
                  + installHint());
        }
        Path venvPython = virtualenv.resolve("bin").resolve("python");
        int pip =
            run(
                List.of(
                    venvPython.toString(),
                    "-m",
                    "pip",
                    "install",
                    "--disable-pip-version-check",
                    "--no-input",
                    requirement),
                log);
        Path executable = virtualenv.resolve("bin").resolve("moto_server");
        if (pip != 0 || !Files.isExecutable(executable)) {
          deleteTree(virtualenv);
          throw CruddurException.of(
              ErrorCode.MOTO_MISSING,
              "moto_server was not found, and pip could not install "
                  + requirement
                  + ": "
                  + pipFailure(log)
                  + " (log in "
                  + log
                  + ")",
              "Rerun where a package index is reachable (or set PIP_INDEX_URL to a mirror), or "
                  + installHint());
        }
        Files.writeString(virtualenv.resolve(COMPLETE_MARKER), requirement + "\n");
        return executable;
      }
    } catch (IOException e) {
      throw CruddurException.of(
          ErrorCode.MOTO_MISSING,
          "cannot install moto into " + virtualenv + ": " + e.getMessage(),
          "Check that " + virtualenv.getParent() + " is writable, or " + installHint(),
          e);
    }
  }

  /** What went wrong, from pip's output: the index, the package, or pip's own last word. */
  static String pipFailure(Path log) {
    String text;
    try {
      text = Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      return "pip failed";
    }
    if (text.contains("Failed to establish a new connection")
        || text.contains("Name or service not known")
        || text.contains("Temporary failure in name resolution")
        || text.contains("Connection refused")
        || text.contains("nodename nor servname")) {
      return "no package index was reachable";
    }
    if (text.contains("No matching distribution found")
        || text.contains("Could not find a version that satisfies")) {
      return "no package index it could reach has it";
    }
    return lastLine(log);
  }

  private int run(List<String> command, Path log) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      if (!p.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        Files.writeString(
            log,
            "timed out after " + INSTALL_TIMEOUT.toMinutes() + " min\n",
            StandardOpenOption.APPEND);
        return -1;
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * {@code executable} with its moto version and its Python, asked of the Python that runs it (its
   * {@code #!} line, or the python beside it, as for pyenv's shims); version {@code unknown} and no
   * Python when none tells.
   */
  public Executable of(Path executable) {
    List<Path> pythons = new ArrayList<>();
    try {
      Path real = executable.toRealPath();
      String first = firstLine(real);
      if (first.startsWith("#!") && first.contains("python") && !first.contains(" ")) {
        pythons.add(Path.of(first.substring(2).strip()));
      }
      for (String sibling : List.of("python3", "python")) {
        pythons.add(real.resolveSibling(sibling));
        pythons.add(executable.resolveSibling(sibling));
      }
    } catch (IOException unreadable) {
      return new Executable(executable, "unknown", Optional.empty());
    }
    for (Path python : pythons) {
      if (Files.isExecutable(python)) {
        Optional<String> version = ask(python);
        if (version.isPresent()) {
          return new Executable(executable, version.get(), Optional.of(python));
        }
      }
    }
    return new Executable(executable, "unknown", Optional.empty());
  }

  private Optional<String> ask(Path python) {
    try {
      ProcessBuilder pb =
          new ProcessBuilder(
                  python.toString(),
                  "-c",
                  "import importlib.metadata as m; print(m.version('moto'))")
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().clear();
      pb.environment().putAll(env);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(VERSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 && out.matches("[0-9][0-9A-Za-z.+-]*")
          ? Optional.of(out)
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static String firstLine(Path file) throws IOException {
    byte[] head;
    try (var in = Files.newInputStream(file)) {
      head = in.readNBytes(256);
    }
    String text = new String(head, StandardCharsets.ISO_8859_1);
    int end = text.indexOf('\n');
    return end >= 0 ? text.substring(0, end) : text;
  }

  private static String lastLine(Path log) {
    return OneLine.of(app.cruddur.ops.moto.MotoLauncher.lastLine(log), 240);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
