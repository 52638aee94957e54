package app.cruddur.ops.runner.internal.operations.db;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.liquibase.LiquibaseCommands;
import app.cruddur.ops.runner.internal.liquibase.LiquibaseStepKind;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The liquibase step a {@code cruddur db} command works on: the one {@code --step} names, or the
 * only one of the catalog.
 *
 * @param definition the step
 * @param changelog its changelog, relative to the project
 * @param commands the Liquibase commands on it
 */
record LiquibaseStep(StepDefinition definition, String changelog, LiquibaseCommands commands) {
  /** The step {@code key} names, or the only liquibase step. */
  static LiquibaseStep choose(ReleaseSession release, Optional<String> key) {
    List<StepDefinition> steps =
        release.catalog().steps().stream().filter(s -> s.kind().equals("liquibase")).toList();
    String keys = steps.stream().map(s -> s.id().key()).collect(Collectors.joining(", "));
    StepDefinition step;
    if (key.isPresent()) {
      step =
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
      step = steps.get(0);
    }
    return new LiquibaseStep(
        step,
        LiquibaseStepKind.changelogOf(step.action()),
        LiquibaseStepKind.commandsOf(step.action(), release.scope(step)));
  }

  String key() {
    return definition.id().key();
  }

  /**
   * The commands with their SQL on {@code lockSession}, the connection holding the release lock.
   */
  LiquibaseCommands commandsOn(ReleaseSession release, java.sql.Connection lockSession) {
    return LiquibaseStepKind.commandsOf(
        definition.action(), release.scope(definition), lockSession);
  }
}
