package app.cruddur.ops.runner.api;

import java.util.List;
import java.util.Map;

/**
 * What a release would do, in order, without doing it.
 *
 * @param target the target, described without secrets
 * @param context the context
 * @param steps every step with its state; those that {@code willRun()} are the plan
 * @param sql for {@code --dry-run}: the SQL each pending Liquibase step would run, by step key
 * @param warnings what it met and went on past
 */
public record ReleasePlan(
    String target,
    String context,
    List<StepStatus> steps,
    Map<String, String> sql,
    List<Warning> warnings)
    implements OperationResult {
  /** The steps a release would apply, in order. */
  public List<StepStatus> toApply() {
    return steps.stream().filter(s -> s.state().willRun()).toList();
  }
}
