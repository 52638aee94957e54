package app.cruddur.ops.runner.internal.operations.db;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.TagResult;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import java.util.List;
import java.util.Optional;

/**
 * {@code cruddur db tag NAME}: tags the current database state under the release lock, for a later
 * rollback.
 */
public record Tag(ReleaseSession release, Optional<String> stepKey, String name)
    implements Operation<TagResult> {
  @Override
  public TagResult run() {
    ChosenChangelog step = ChosenChangelog.choose(release, stepKey);
    if (step.commands(release).ran().isEmpty()) {
      throw CruddurException.of(
          ErrorCode.USAGE,
          "there is nothing to tag: no changeset is applied yet",
          "Run `cruddur release` first");
    }
    release.underLock(
        "cruddur db",
        ledger -> {
          step.commandsOn(release, ledger.connection()).tag(name);
          return null;
        });
    return new TagResult(name, List.of());
  }
}
