package app.cruddur.ops.bench;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The slices benchmark's ledger check: what slicing may change in the ledger, and what not. */
class LedgerRowsTest {
  private static final String WHOLE_COUNTS =
      "{\"scanned\": 1008, \"changed\": 1000, \"skipped\": 8, \"segments\": 16";

  private static LedgerRows.Row row(String outcome, String identity, String details) {
    return new LedgerRows.Row(
        "V001",
        "Bench backfill",
        "dynamodb-migration",
        "DYNAMODB",
        "seeders/V001__migration.yaml",
        "sha256:ab12",
        "dev",
        outcome,
        null,
        identity,
        LedgerRows.Row.details("V001", details));
  }

  private static final LedgerRows WHOLE =
      new LedgerRows(
          List.of(
              row(
                  "SUCCEEDED",
                  "arn:table/whole@1",
                  WHOLE_COUNTS + ", \"runId\": \"r1\", \"pagesRead\": 20, \"elapsedMillis\": 9}")),
          1);

  @Test
  void slicesThatPausedAndThenRecordedTheWholeRunsCountsSayWhatTheWholeRunSays() {
    LedgerRows sliced =
        new LedgerRows(
            List.of(
                row("PAUSED", "arn:table/sliced@2", "{\"scanned\": 400, \"changed\": 396}"),
                row("PAUSED", "arn:table/sliced@2", "{\"scanned\": 800, \"changed\": 793}"),
                row(
                    "SUCCEEDED",
                    "arn:table/sliced@2",
                    WHOLE_COUNTS
                        + ", \"runId\": \"r2\", \"pagesRead\": 4, \"elapsedMillis\": 3,"
                        + " \"segmentsFinishedBefore\": 12}")),
            1);
    assertThatCode(() -> LedgerRows.sameAsWhole(WHOLE, sliced, "slices"))
        .doesNotThrowAnyException();
  }

  @Test
  void aCompletingRowWithOnlyTheLastSlicesCountsDiffers() {
    LedgerRows sliced =
        new LedgerRows(
            List.of(
                row("PAUSED", "t@2", "{\"scanned\": 800}"),
                row(
                    "SUCCEEDED",
                    "t@2",
                    "{\"scanned\": 208, \"changed\": 207, \"skipped\": 1, \"segments\": 16}")),
            1);
    assertThatThrownBy(() -> LedgerRows.sameAsWhole(WHOLE, sliced, "slices"))
        .hasMessageContaining("slices's ledger, its PAUSED rows set aside, differs")
        .hasMessageContaining("scanned\":208");
  }

  @Test
  void aPausedStepThatNoLaterRowCompletesIsNotTheWholeRun() {
    LedgerRows sliced =
        new LedgerRows(
            List.of(
                row("SUCCEEDED", "t@2", WHOLE_COUNTS + "}"),
                row("PAUSED", "t@2", "{\"scanned\": 8}")),
            1);
    assertThatThrownBy(() -> LedgerRows.sameAsWhole(WHOLE, sliced, "slices"))
        .hasMessageContaining("a PAUSED row of V001 that no later row completes");
  }

  @Test
  void rowsOfOneRunOnTwoTablesAreCaught() {
    LedgerRows sliced =
        new LedgerRows(
            List.of(row("PAUSED", "t@2", "{}"), row("SUCCEEDED", "t@3", WHOLE_COUNTS + "}")), 1);
    assertThatThrownBy(() -> LedgerRows.sameAsWhole(WHOLE, sliced, "slices"))
        .hasMessageContaining("recorded DYNAMODB with the identities [t@2, t@3]");
  }
}
