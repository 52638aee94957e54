package app.cruddur.ops.runner.internal.liquibase;

import app.cruddur.ops.runner.api.FailedChangeset;
import app.cruddur.ops.runner.internal.OneLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.exception.MigrationFailedException;

/**
 * Which changeset, and which of its statements, a Liquibase failure happened on: Liquibase says it
 * only inside its message ({@code Migration failed for changeset FILE::ID::AUTHOR: Reason: ...
 * [Failed SQL: (0) STATEMENT]}); the line is found in the changelog file.
 */
final class FailedChangesets {
  /** How much of the failing statement the error line shows. */
  static final int STATEMENT_SHOWN = 80;

  private static final Pattern CHANGESET =
      Pattern.compile("for changeset (.+?)::(.+?)::(.+?):\\s", Pattern.DOTALL);
  private static final Pattern FAILED_SQL =
      Pattern.compile("\\[Failed SQL: (?:\\(-?\\d+\\) )?(.*)]", Pattern.DOTALL);

  private FailedChangesets() {}

  /** The changeset {@code failure} names, if it is a changeset's failure. */
  static Optional<FailedChangeset> of(Throwable failure, Path projectDir) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MigrationFailedException m && m.getMessage() != null) {
        Matcher cs = CHANGESET.matcher(m.getMessage());
        if (!cs.find()) {
          return Optional.empty();
        }
        String file = cs.group(1);
        String id = cs.group(2);
        String author = cs.group(3);
        String statement = statement(m);
        return Optional.of(
            new FailedChangeset(
                file,
                line(projectDir.resolve(file), id, author, statement),
                id,
                author,
                OneLine.of(statement, STATEMENT_SHOWN)));
      }
    }
    return Optional.empty();
  }

  /** The statement Liquibase ran when it failed, from the innermost message that says it. */
  private static String statement(Throwable failure) {
    String found = "";
    for (Throwable t = failure; t != null; t = t.getCause()) {
      Matcher sql = t.getMessage() == null ? null : FAILED_SQL.matcher(t.getMessage());
      if (sql != null && sql.find()) {
        found = sql.group(1).strip();
      }
    }
    return found.endsWith(";") ? found.substring(0, found.length() - 1) : found;
  }

  /**
   * The line of {@code statement} in the changeset, else of the changeset's header ({@code
   * --changeset author:id} in formatted SQL, its {@code id} in YAML or XML); 0 when neither is
   * found.
   */
  static int line(Path file, String id, String author, String statement) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    Pattern header =
        file.toString().endsWith(".sql")
            ? Pattern.compile(
                "^\\s*--\\s*changeset\\s+" + Pattern.quote(author + ":" + id) + "(\\s.*)?$")
            : Pattern.compile("\\bid\\s*[:=]\\s*[\"']?" + Pattern.quote(id) + "[\"']?\\s*(/?>)?$");
    int start = -1;
    for (int i = 0; i < lines.size() && start < 0; i++) {
      if (header.matcher(lines.get(i).strip()).find()) {
        start = i;
      }
    }
    if (start < 0) {
      return 0;
    }
    String first = statement.lines().findFirst().orElse("").strip();
    if (!first.isEmpty()) {
      for (int i = start + 1; i < lines.size(); i++) {
        String l = lines.get(i).strip();
        if (l.startsWith("--changeset") || l.startsWith("- changeSet:")) {
          break;
        }
        if (l.contains(first)) {
          return i + 1;
        }
      }
    }
    return start + 1;
  }
}
