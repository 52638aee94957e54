package app.cruddur.ops.runner.internal.operations.db;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.liquibase.LiquibaseCommands;
import app.cruddur.ops.runner.internal.liquibase.LiquibaseStepKind;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The liquibase step a {@code cruddur db} command works on: the one {@code --step} names, or the
 * only one of the catalog.
 *
 * @param definition the step as declared
 * @param step the step's action: its changelog and the Liquibase commands on it
 */
record ChosenChangelog(StepDefinition definition, LiquibaseStepKind.LiquibaseStep step) {
  private static final LiquibaseStepKind LIQUIBASE = new LiquibaseStepKind();

  /** The step {@code key} names, or the only liquibase step. */
  static ChosenChangelog choose(ReleaseSession release, Optional<String> key) {
    List<StepDefinition> steps =
        release.catalog().steps().stream().filter(s -> LIQUIBASE.actionOf(s).isPresent()).toList();
    String keys = steps.stream().map(s -> s.id().key()).collect(Collectors.joining(", "));
    StepDefinition chosen;
    if (key.isPresent()) {
      chosen =
          steps.stream()
              .filter(s -> s.id().key().equals(key.get()))
              .findFirst()
              .orElseThrow(
                  () ->
                      CruddurException.of(
                          ErrorCode.UNKNOWN_STEP,
                          "there is no liquibase step " + key.get(),
                          "Choose one of: " + keys));
    } else if (steps.isEmpty()) {
      throw CruddurException.of(
          ErrorCode.UNKNOWN_STEP,
          "seeders/ declares no liquibase step",
          "Add one (kind: liquibase, changelog: migrations/changelog.yaml)");
    } else if (steps.size() > 1) {
      throw CruddurException.of(
          ErrorCode.UNKNOWN_STEP,
          "seeders/ declares several liquibase steps",
          "Choose one with --step (" + keys + ")");
    } else {
      chosen = steps.get(0);
    }
    return new ChosenChangelog(chosen, LIQUIBASE.actionOf(chosen).orElseThrow());
  }

  String key() {
    return definition.id().key();
  }

  /** Its changelog, relative to the project. */
  String changelog() {
    return step.changelog();
  }

  /** The Liquibase commands on the changelog, outside the lock. */
  LiquibaseCommands commands(ReleaseSession release) {
    return step.commands(release.scope(definition));
  }

  /**
   * The commands with their SQL on {@code lockSession}, the connection holding the release lock.
   */
  LiquibaseCommands commandsOn(ReleaseSession release, Connection lockSession) {
    return step.commands(release.scope(definition), lockSession);
  }
}
