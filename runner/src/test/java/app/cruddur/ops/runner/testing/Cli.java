package app.cruddur.ops.runner.testing;

import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.cli.Invocation;
import app.cruddur.ops.runner.cli.Main;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs {@code cruddur} in-process with captured streams and a controlled environment. */
public final class Cli {
  private final Map<String, String> env = new HashMap<>();
  private Path workingDir = Path.of("").toAbsolutePath();
  private String input = "";
  private boolean interactive;

  private Cli() {}

  /**
   * A CLI whose local environment is {@code localDir} and whose project is this repository, in the
   * {@link HermeticEnvironment}.
   */
  public static Cli in(Path localDir) {
    Cli cli = new Cli();
    cli.env.putAll(HermeticEnvironment.variables());
    cli.env.put(Invocation.LOCAL_DIR_ENV, localDir.toString());
    cli.env.put(Release.PROJECT_DIR_ENV, TestPaths.projectRoot().toString());
    return cli;
  }

  /** With AWS credentials exported, as on a CI runner ({@link Secrets#awsCredentials()}). */
  public Cli withAwsCredentials() {
    env.putAll(Secrets.awsCredentials());
    return this;
  }

  public Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public Cli projectDir(Path dir) {
    env.put(Release.PROJECT_DIR_ENV, dir.toString());
    return this;
  }

  public Cli workingDir(Path dir) {
    workingDir = dir;
    return this;
  }

  /** Pretend to be on a terminal, answering prompts with {@code answers}. */
  public Cli interactive(String answers) {
    interactive = true;
    input = answers;
    return this;
  }

  public Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Invocation context =
        new Invocation(
            Map.copyOf(env), workingDir, new BufferedReader(new StringReader(input)), interactive);
    int code = Main.run(context, args, new PrintWriter(out, true), new PrintWriter(err, true));
    Result result = new Result(code, out.toString(), err.toString());
    Transcript.record(String.join(" ", args), result);
    return result;
  }

  /**
   * What a command did.
   *
   * @param exitCode its exit code
   * @param out what it printed on stdout
   * @param err what it printed on stderr
   */
  public record Result(int exitCode, String out, String err) {
    /**
     * The one {@code error:} line on stderr (progress lines aside); fails if there is not exactly
     * one.
     */
    public String errorLine() {
      java.util.List<String> errors = err.lines().filter(l -> l.startsWith("error: ")).toList();
      if (errors.size() != 1) {
        throw new AssertionError(
            "expected exactly one error line, got " + errors.size() + " in:\n" + this);
      }
      return errors.get(0);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
