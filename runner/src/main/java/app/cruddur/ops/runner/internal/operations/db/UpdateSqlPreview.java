package app.cruddur.ops.runner.internal.operations.db;

import app.cruddur.ops.runner.api.UpdateSql;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import java.util.List;
import java.util.Optional;

/** {@code cruddur db update-sql}: the SQL {@code db update} would run, without running it. */
public record UpdateSqlPreview(ReleaseSession release, Optional<String> stepKey)
    implements Operation<UpdateSql> {
  @Override
  public UpdateSql run() {
    ChosenChangelog step = ChosenChangelog.choose(release, stepKey);
    return new UpdateSql(step.key(), step.commands(release).updateSql(), List.of());
  }
}
