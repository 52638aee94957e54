package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.LocalReset;
import app.cruddur.ops.runner.api.LocalStatus;
import app.cruddur.ops.runner.api.LocalStopped;
import app.cruddur.ops.runner.api.LocalUp;
import app.cruddur.ops.runner.api.LocalVariables;
import java.util.ArrayList;
import java.util.List;

/** How the {@code local} commands' results look in a terminal. */
final class LocalReport {
  /** A value that needs no quotes, in a shell or a .env file. */
  private static final String PLAIN = "[A-Za-z0-9_./:@-]+";

  private LocalReport() {}

  static void printUp(Output out, LocalUp up) {
    printStatus(out, up.status(), up.alreadyUp() ? "already up" : "up");
  }

  static void printStatus(Output out, LocalStatus status) {
    printStatus(out, status, status.up() ? "up" : "down");
  }

  private static void printStatus(Output out, LocalStatus status, String headline) {
    out.line("local environment " + headline + " (" + status.dir() + ")");
    List<List<String>> rows = new ArrayList<>();
    for (LocalStatus.Service s : status.services()) {
      rows.add(List.of(s.name(), s.state().label(), s.version(), s.endpoint(), s.serves()));
    }
    out.table(List.of("SERVICE", "STATE", "VERSION", "ENDPOINT", "SERVES"), rows);
    status.restored().ifPresent(r -> out.line("at start: " + r.describe()));
    status.snapshot().ifPresent(s -> out.line("moto's data: " + s));
    status.lastFailure().ifPresent(f -> out.line("last failure: " + f));
  }

  /**
   * Shell export lines, for {@code eval "$(./cruddur local env)"}; or a {@code .env} file, each
   * variable under who reads it.
   */
  static void printVariables(Output out, LocalVariables vars) {
    if (vars.format() == LocalVariables.Format.DOTENV) {
      out.line("# cruddur local env --format dotenv: the local environment for the Cruddur app");
      vars.variables()
          .forEach(
              (name, value) -> {
                out.line("# " + vars.readBy().getOrDefault(name, ""));
                out.line(name + "=" + dotenvQuote(value));
              });
    } else {
      vars.variables()
          .forEach((name, value) -> out.line("export " + name + "=" + shellQuote(value)));
    }
  }

  static void printStopped(Output out, LocalStopped stopped) {
    out.line(stopped.stopped() ? "local environment stopped" : "local environment was not running");
  }

  static void printReset(Output out, LocalReset reset) {
    out.line(
        reset.deleted() ? "local environment stopped and its data deleted" : "nothing deleted");
  }

  private static String shellQuote(String value) {
    return value.matches(PLAIN) ? value : "'" + value.replace("'", "'\\''") + "'";
  }

  private static String dotenvQuote(String value) {
    return value.matches(PLAIN)
        ? value
        : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
