package app.cruddur.ops.runner.internal.operations.ddb;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.Progress;
import app.cruddur.ops.runner.api.SeedSummary;
import app.cruddur.ops.runner.api.WriteOptions;
import app.cruddur.ops.runner.internal.dynamo.BatchWriter;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.seed.SeedWriter;
import app.cruddur.ops.runner.internal.seed.SyntheticSeed;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.util.List;

/**
 * {@code cruddur ddb seed --messages N}: deterministic synthetic volume (users created in
 * PostgreSQL if missing), batch-written; a rerun writes the same items.
 */
public record SeedSynthetic(
    Connections session,
    int users,
    int groups,
    long messages,
    WriteOptions options,
    Progress progress)
    implements Operation<SeedSummary> {
  @Override
  public SeedSummary run() {
    SyntheticSeed.problem(users, groups, messages, "--")
        .ifPresent(
            p -> {
              throw CruddurException.of(
                  ErrorCode.BAD_ARGUMENT,
                  p.text(),
                  "Pass a number in that range; nothing was written");
            });
    SeedWriter.SeedResult r =
        DynamoCalls.onMessages(
            session,
            "seeding",
            () ->
                SeedWriter.write(
                    session,
                    new SyntheticSeed(users, groups, messages, SyntheticSeed.DEFAULT_ANCHOR),
                    BatchWriter.Settings.of(options),
                    progress));
    return new SeedSummary(
        users,
        groups,
        r.messages(),
        r.groupRows(),
        r.writer().requests(),
        r.writer().unprocessedRetries(),
        r.writer().throttledRetries(),
        r.writer().backoffMillis(),
        r.writer().elapsedMillis(),
        List.of());
  }
}
