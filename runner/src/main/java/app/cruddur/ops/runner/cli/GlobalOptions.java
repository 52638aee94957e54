package app.cruddur.ops.runner.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes, anywhere on the command line. */
public final class GlobalOptions {
  @Configurable
  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      paramLabel = "table|json",
      description =
          "Output format: table (default) or json (one document on stdout; logs go to stderr).")
  OutputFormat output = OutputFormat.table;

  @Configurable
  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Log what happens (requests, SQL, timings) to stderr, and print stack traces.")
  boolean debug;

  @Configurable
  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description = "Print results and errors only: no progress.")
  boolean quiet;

  @Option(
      names = "--project-dir",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description =
          "Where migrations/ and seeders/ are (default: $CRUDDUR_PROJECT_DIR, else the current"
              + " directory).")
  Path projectDir;

  @Option(
      names = "--local-dir",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description = "Directory of the local environment (default: <project>/.cruddur/local).")
  Path localDir;

  public OutputFormat output() {
    return output;
  }

  public boolean debug() {
    return debug;
  }

  public boolean quiet() {
    return quiet;
  }

  public Optional<Path> projectDir() {
    return Optional.ofNullable(projectDir);
  }

  public Optional<Path> localDir() {
    return Optional.ofNullable(localDir);
  }
}
