package app.cruddur.ops.runner.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.release.DefaultStepKinds;
import app.cruddur.ops.runner.internal.step.StepCatalog;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A malformed {@code dynamodb-migration} file stops the release before anything runs: exit 2, the
 * file and the line of the mistake, what is wrong, nothing applied. Each mistake is checked where
 * the release reads the files ({@link StepCatalog}, the first thing it does); one of them end to
 * end, through the CLI on the local environment.
 */
class MigrationStepFileTest extends LocalSliceTest {
  static final String FILE = "seeders/V011__broken.yaml";

  @TempDir Path dir;

  static String withChange(String change) {
    return """
    kind: dynamodb-migration
    select:
      scan: {}
    change:
      CHANGE
    """
        .replace("CHANGE", change);
  }

  static String withSelection(String select) {
    return """
    kind: dynamodb-migration
    select:
      SELECT
    change:
      set: {user_handle: "lower(user_handle)"}
    """
        .replace("SELECT", select);
  }

  static String withExtra(String extra) {
    return """
    kind: dynamodb-migration
    select:
      scan: {}
    change:
      set: {user_handle: "lower(user_handle)"}
    EXTRA
    """
        .replace("EXTRA", extra);
  }

  static Stream<Arguments> malformedFiles() {
    return Stream.of(
        Arguments.of(
            "unknown function",
            6,
            withChange("set:\n    user_handle: \"lowercase(user_handle)\""),
            "'user_handle': unknown function 'lowercase' (known: canonical_timestamp,"),
        Arguments.of(
            "unclosed quote",
            6,
            withChange("set:\n    user_handle: \"concat(user_handle, '!)\""),
            "'user_handle': the quoted text is not closed"),
        Arguments.of(
            "wrong arity",
            6,
            withChange("set:\n    user_handle: \"lower(user_handle, message)\""),
            "'user_handle': lower() takes 1 argument, not 2"),
        Arguments.of(
            "a key set",
            6,
            withChange("set:\n    sk: \"canonical_timestamp(sk)\""),
            "'sk' is part of the key: a new value moves the item, so use move: {sk: ...}"),
        Arguments.of(
            "a non-key moved",
            6,
            withChange("move:\n    message: \"lower(message)\""),
            "'move' gives new values of the key (pk, sk), not of 'message'"),
        Arguments.of(
            "a typo",
            5,
            withChange("sett:\n    user_handle: \"lower(user_handle)\""),
            "unknown key 'sett' in change"),
        Arguments.of(
            "no such Java class",
            5,
            withChange("java: no-such-migration"),
            "no Java migration named 'no-such-migration' is on the class path"),
        Arguments.of(
            "java and set",
            6,
            withChange("java: display-names-from-handles\n  set: {a: b}"),
            "'java' and 'set' cannot be combined"),
        Arguments.of(
            "scan and query",
            4,
            withSelection("scan: {}\n  query: {key: 'pk = :pk'}"),
            "'select' takes one of 'scan' (the whole table) or 'query' (one key range)"),
        Arguments.of(
            "no segments",
            3,
            withSelection("scan: {segments: 0}"),
            "'segments' must be a positive whole number, not '0'"),
        Arguments.of(
            "a query without key",
            3,
            withSelection("query: {index: message-group-sk-index}"),
            "a query needs 'key', DynamoDB's key condition"),
        Arguments.of(
            "no such index",
            3,
            withSelection("query: {index: by-handle, key: 'a = :a'}"),
            "the model has no index 'by-handle' (it has: message-group-sk-index)"),
        Arguments.of(
            "a bad when",
            4,
            withSelection("scan: {}\n  when: \"not(exists(sk)\""),
            "'when': ')' is missing after the arguments of not()"),
        Arguments.of(
            "share above one",
            6,
            withExtra("budget: {capacity_share: 2}"),
            "'capacity_share' is a share of the table's write capacity, more than 0 and at most 1,"
                + " not 2.0"),
        Arguments.of(
            "both budgets",
            6,
            withExtra("budget: {capacity_share: 0.5, max_items_per_second: 10}"),
            "'budget' takes one of max_items_per_second or capacity_share"),
        Arguments.of("a word", 6, withExtra("budget: fast"), "'budget' is unlimited, or a mapping"),
        Arguments.of(
            "no such index",
            6,
            withExtra("index: by-handle"),
            "the model has no index 'by-handle'"),
        Arguments.of(
            "distribute as a word",
            6,
            withExtra("distribute: yes please"),
            "'distribute' is true or false, not 'yes please'"),
        Arguments.of(
            "no workers",
            6,
            withExtra("workers: 0"),
            "'workers' must be a positive whole number, not '0'"),
        Arguments.of(
            "too many workers",
            6,
            withExtra("workers: 1001"),
            "'workers' is at most 1000, not 1001"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedFiles")
  void aMalformedFileIsExit2WithFileAndLineBeforeAnythingRuns(
      String name, int line, String file, String problem) throws IOException {
    Files.createDirectories(dir.resolve("seeders"));
    Files.writeString(dir.resolve(FILE), file);

    assertThatThrownBy(() -> StepCatalog.load(dir, DefaultStepKinds.all()))
        .isInstanceOf(CruddurException.class)
        .satisfies(e -> assertThat(((CruddurException) e).code()).isEqualTo(ErrorCode.STEP_FILE))
        .hasMessageStartingWith(FILE + " line " + line + ": " + problem)
        .hasMessageEndingWith("Fix the file; nothing was applied");
  }

  @Test
  void theReleaseSaysItAndAppliesNothing() {
    project.write(FILE, withChange("sett:\n    user_handle: \"lower(user_handle)\""));

    var result = run("release");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.errorLine())
        .startsWith("error: " + FILE + " line 5: unknown key 'sett' in change")
        .endsWith("Fix the file; nothing was applied");
    assertThat(target.queryOne("SELECT to_regclass('public.cruddur_release_ledger') IS NULL"))
        .as("nothing applied")
        .isEqualTo("t");
  }
}
