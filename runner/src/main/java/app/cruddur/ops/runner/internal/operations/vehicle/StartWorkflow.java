package app.cruddur.ops.runner.internal.operations.vehicle;

import app.cruddur.ops.runner.api.ReleaseExecution;
import app.cruddur.ops.runner.internal.workflow.ReleaseExecutions;
import java.util.List;
import java.util.Optional;

/**
 * {@code cruddur release --via --detach}: starts the stage's release workflow and leaves it
 * running; its execution and how to follow or stop it.
 *
 * @param calls the stage's workflow
 * @param next how to follow and stop it, a command a line
 */
public record StartWorkflow(WorkflowCalls calls, List<String> next) {
  public ReleaseExecution run() {
    ReleaseExecutions.Started started = calls.start();
    return new ReleaseExecution(
        ReleaseExecution.Action.STARTED,
        calls.workflow(),
        Optional.of(started.arn()),
        Optional.of(started.at()),
        next,
        List.of());
  }
}
