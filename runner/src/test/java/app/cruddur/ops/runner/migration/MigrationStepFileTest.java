package app.cruddur.ops.runner.migration;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.LocalSliceTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A malformed {@code dynamodb-migration} file stops the release before anything runs: exit 2, the
 * file and the line of the mistake, what is wrong, nothing applied.
 */
class MigrationStepFileTest extends LocalSliceTest {
  static final String FILE = "seeders/V011__broken.yaml";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown function    | 6 | set:\\n    user_handle: "lowercase(user_handle)"                      | 'user_handle': unknown function 'lowercase' (known: canonical_timestamp,
          unclosed quote      | 6 | set:\\n    user_handle: "concat(user_handle, '!)"                     | 'user_handle': the quoted text is not closed
          wrong arity         | 6 | set:\\n    user_handle: "lower(user_handle, message)"                 | 'user_handle': lower() takes 1 argument, not 2
          a key set           | 6 | set:\\n    sk: "canonical_timestamp(sk)"                              | 'sk' is part of the key: a new value moves the item, so use move: {sk: ...}
          a non-key moved     | 6 | move:\\n    message: "lower(message)"                                 | 'move' gives new values of the key (pk, sk), not of 'message'
          a typo              | 5 | sett:\\n    user_handle: "lower(user_handle)"                         | unknown key 'sett' in change
          no such Java class  | 5 | java: no-such-migration                                              | no Java migration named 'no-such-migration' is on the class path
          java and set        | 6 | java: display-names-from-handles\\n  set: {a: b}                      | 'java' and 'set' cannot be combined
          """)
  void aMalformedChangeIsExit2WithFileAndLineAndNothingApplied(
      String name, int line, String change, String problem) {
    String file =
        """
        kind: dynamodb-migration
        select:
          scan: {}
        change:
          CHANGE
        """
            .replace("CHANGE", change.replace("\\n", "\n"));
    assertRejected(file, line, problem);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          scan and query      | 4 | scan: {}\\n  query: {key: 'pk = :pk'}       | 'select' takes one of 'scan' (the whole table) or 'query' (one key range)
          no segments         | 3 | scan: {segments: 0}                       | 'segments' must be a positive whole number, not '0'
          a query without key | 3 | query: {index: message-group-sk-index}    | a query needs 'key', DynamoDB's key condition
          no such index       | 3 | query: {index: by-handle, key: 'a = :a'}  | the model has no index 'by-handle' (it has: message-group-sk-index)
          a bad when          | 4 | scan: {}\\n  when: "not(exists(sk)"        | 'when': ')' is missing after the arguments of not()
          """)
  void aMalformedSelectionIsExit2WithFileAndLine(
      String name, int line, String select, String problem) {
    String file =
        """
        kind: dynamodb-migration
        select:
          SELECT
        change:
          set: {user_handle: "lower(user_handle)"}
        """
            .replace("SELECT", select.replace("\\n", "\n"));
    assertRejected(file, line, problem);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          share above one     | 6 | budget: {capacity_share: 2}                        | 'capacity_share' is a share of the table's write capacity, more than 0 and at most 1, not 2.0
          both budgets        | 6 | budget: {capacity_share: 0.5, max_items_per_second: 10} | 'budget' takes one of max_items_per_second or capacity_share
          a word              | 6 | budget: fast                                       | 'budget' is unlimited, or a mapping
          no such index       | 6 | index: by-handle                                   | the model has no index 'by-handle'
          """)
  void aMalformedBudgetOrIndexIsExit2WithFileAndLine(
      String name, int line, String extra, String problem) {
    String file =
        """
        kind: dynamodb-migration
        select:
          scan: {}
        change:
          set: {user_handle: "lower(user_handle)"}
        EXTRA
        """
            .replace("EXTRA", extra);
    assertRejected(file, line, problem);
  }

  private void assertRejected(String file, int line, String problem) {
    project.write(FILE, file);

    var result = run("release");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.errorLine()).startsWith("error: " + FILE + " line " + line + ": " + problem);
    assertThat(result.errorLine()).endsWith("Fix the file; nothing was applied");
    assertThat(target.queryOne("SELECT to_regclass('public.cruddur_release_ledger') IS NULL"))
        .as("nothing applied")
        .isEqualTo("t");
  }
}
