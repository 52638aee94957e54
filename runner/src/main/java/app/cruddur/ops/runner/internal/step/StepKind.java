package app.cruddur.ops.runner.internal.step;

import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.stepfile.StepSource;
import app.cruddur.ops.runner.internal.stepfile.YamlMap;
import java.util.Optional;

/**
 * A kind of step ({@code liquibase}, {@code dynamodb-table}, ...): reads its part of a step file
 * and gives the step's behaviour, an action of type {@code A}. New kinds are added to {@link
 * StepKinds}.
 *
 * @param <A> the kind's action
 */
public interface StepKind<A extends StepAction> {
  /** The name used in step files ({@code kind: liquibase}). */
  String name();

  /** The store the kind writes. */
  Store store();

  /** The class of the kind's actions. */
  Class<A> actionType();

  /** Repeatable steps of this kind run on every release, changed or not (sync steps). */
  default boolean runsEveryRelease() {
    return false;
  }

  /**
   * Reads the kind's keys of a step file. Reports problems with the file and line ({@link
   * YamlMap#error}); must not touch any store.
   */
  A parse(YamlMap body, StepSource source);

  /**
   * The action of {@code step} as this kind's type, when this kind declared it: how a command that
   * works on one kind's steps alone ({@code cruddur db}, {@code ddb seed}) gets them typed.
   */
  default Optional<A> actionOf(StepDefinition step) {
    return step.kind().equals(name())
        ? Optional.of(actionType().cast(step.action()))
        : Optional.empty();
  }
}
