package app.cruddur.ops.runner.internal.operations.db;

import app.cruddur.ops.runner.api.ChangesetStatus;
import app.cruddur.ops.runner.internal.liquibase.ChangeSetInfo;
import app.cruddur.ops.runner.internal.liquibase.Changelog;
import app.cruddur.ops.runner.internal.liquibase.LiquibaseCommands;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cruddur db status}: the changesets of the changelog, applied (with tags) and pending in
 * the context.
 */
public record Changesets(ReleaseSession release, Optional<String> stepKey)
    implements Operation<ChangesetStatus> {
  @Override
  public ChangesetStatus run() {
    ChosenChangelog step = ChosenChangelog.choose(release, stepKey);
    Map<String, LiquibaseCommands.RanChangeSet> ran = new LinkedHashMap<>();
    step.commands(release).ran().forEach(r -> ran.put(r.key(), r));
    Changelog log = Changelog.parse(release.projectDir(), step.changelog(), release.context());
    List<ChangesetStatus.Changeset> rows = new ArrayList<>();
    for (ChangeSetInfo cs : log.changeSets()) {
      LiquibaseCommands.RanChangeSet r = ran.get(cs.key());
      ChangesetStatus.State state =
          r != null
              ? ChangesetStatus.State.APPLIED
              : cs.inContext()
                  ? ChangesetStatus.State.PENDING
                  : ChangesetStatus.State.NOT_IN_CONTEXT;
      rows.add(
          new ChangesetStatus.Changeset(
              cs.file(),
              cs.id(),
              cs.author(),
              state,
              r == null ? "" : r.tag().orElse(""),
              contexts(cs.contexts())));
    }
    long pending = rows.stream().filter(r -> r.state() == ChangesetStatus.State.PENDING).count();
    return new ChangesetStatus(step.changelog(), pending, rows, List.of());
  }

  /** A changeset's context expression as the list {@code status} gives a step's: empty for all. */
  public static List<String> contexts(String expression) {
    return java.util.Arrays.stream(expression.split(","))
        .map(String::strip)
        .filter(c -> !c.isEmpty())
        .toList();
  }
}
