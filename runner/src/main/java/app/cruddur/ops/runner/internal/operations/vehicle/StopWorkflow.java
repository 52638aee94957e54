package app.cruddur.ops.runner.internal.operations.vehicle;

import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.ExitCode;
import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.api.ReleaseExecution;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * {@code cruddur release --via --stop}: stops the running execution of the stage's release workflow
 * (StopExecution). No further slice starts; Lambda does not cut the slice in flight, so {@code
 * Vehicle.stop} then asks the vehicle to tell it (its {@code stop} verb): it stops at its next
 * boundary and ends its lease. Unasked, it would run to its own deadline and its lease keep other
 * releases out until that deadline plus {@link ReleaseWorkflow#LEASE_TTL}. A follower of the
 * execution ends with {@code RELEASE_STOPPED} (exit 6: nothing failed, a release continues where it
 * stopped).
 *
 * @param calls the stage's workflow
 * @param next what to run next, a command a line
 */
public record StopWorkflow(WorkflowCalls calls, List<String> next) {
  public ReleaseExecution run() {
    return calls.round(
        "stopping the release workflow " + calls.workflow(),
        executions -> {
          Optional<ExecutionListItem> running = executions.newestRunning();
          if (running.isEmpty()) {
            return new ReleaseExecution(
                ReleaseExecution.Action.NONE,
                calls.workflow(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                List.of());
          }
          ObjectNode cause = Json.mapper().createObjectNode();
          cause.put(ReleaseWorkflow.ERROR_CODE_FIELD, ErrorCode.RELEASE_STOPPED.name());
          cause.put(ReleaseWorkflow.ERROR_EXIT_CODE_FIELD, ExitCode.MORE.code());
          cause.put(ReleaseWorkflow.ERROR_MESSAGE_FIELD, "stopped by cruddur release --via --stop");
          cause.put(
              ReleaseWorkflow.ERROR_HINT_FIELD,
              "Release again to continue where its last slice stopped");
          String arn = running.get().executionArn();
          executions.stop(arn, ErrorCode.RELEASE_STOPPED.name(), cause.toString());
          return new ReleaseExecution(
              ReleaseExecution.Action.STOPPED,
              calls.workflow(),
              Optional.of(arn),
              Optional.ofNullable(running.get().startDate()),
              next,
              List.of());
        });
  }
}
