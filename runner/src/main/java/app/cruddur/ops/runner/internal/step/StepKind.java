package app.cruddur.ops.runner.internal.step;

import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.stepfile.StepSource;
import app.cruddur.ops.runner.internal.stepfile.YamlMap;

/**
 * A kind of step ({@code liquibase}, {@code dynamodb-table}, ...): reads its part of a step file
 * and gives the step's behaviour. New kinds are added to {@link StepKinds}.
 */
public interface StepKind {
  /** The name used in step files ({@code kind: liquibase}). */
  String name();

  /** The store the kind writes. */
  Store store();

  /** Repeatable steps of this kind run on every release, changed or not (sync steps). */
  default boolean runsEveryRelease() {
    return false;
  }

  /**
   * Reads the kind's keys of a step file. Reports problems with the file and line ({@link
   * YamlMap#error}); must not touch any store.
   */
  StepAction parse(YamlMap body, StepSource source);
}
