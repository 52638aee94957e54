package app.cruddur.ops.runner.internal.operations.vehicle;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.internal.aws.AwsClients;
import app.cruddur.ops.runner.internal.aws.AwsErrors;
import app.cruddur.ops.runner.internal.targets.Connections;
import app.cruddur.ops.runner.internal.workflow.ReleaseExecutions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * Step Functions calls on a stage's release workflow, each round of them on a client built for it:
 * the shared files read and the credentials resolved anew ({@link Connections#freshAws()}), so that
 * following a release for hours never holds credentials that expired meanwhile (an OIDC session
 * lasts an hour; a refreshed profile or credentials file is read again).
 */
public final class WorkflowCalls {
  private static final String WHERE = "SFN";

  private final Connections session;
  private final String workflow;

  public WorkflowCalls(Connections session, String workflow) {
    this.session = session;
    this.workflow = workflow;
  }

  /** Where the workflow is, for messages. */
  public String where() {
    return session.aws().describe("Step Functions", WHERE);
  }

  /** The workflow's ARN. */
  public String workflow() {
    return workflow;
  }

  /**
   * Starts an execution named after now (Step Functions wants names unique per state machine for 90
   * days); its ARN and start. Refused while another execution runs: its lease would refuse this
   * one's first slice anyway, after a Lambda invocation, so say it at once (exit 5, as a held
   * lock).
   */
  ReleaseExecutions.Started start() {
    return round(
        "starting the release workflow " + workflow,
        executions -> {
          executions
              .newestRunning()
              .ifPresent(
                  other -> {
                    throw CruddurException.of(
                        ErrorCode.LOCK_HELD,
                        "the release workflow is already running "
                            + other.executionArn()
                            + " (started "
                            + other.startDate()
                            + ")",
                        "Follow it with cruddur status --via, or stop it with cruddur release --via"
                            + " --stop; then release again");
                  });
          String name =
              "cli-"
                  + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                      .withZone(ZoneOffset.UTC)
                      .format(Instant.now())
                  + "-"
                  + UUID.randomUUID().toString().substring(0, 8);
          return executions.start(name, Json.mapper().createObjectNode());
        });
  }

  /**
   * Runs {@code calls} (doing {@code what}) on the workflow's executions, on a client of its own.
   */
  public <T> T round(String what, Function<ReleaseExecutions, T> calls) {
    try (AwsClients aws = session.freshAws()) {
      // the client is closed with aws
      return calls.apply(new ReleaseExecutions(aws.client(SfnClient::builder, WHERE), workflow));
    } catch (StateMachineDoesNotExistException | ExecutionDoesNotExistException e) {
      throw CruddurException.of(
          ErrorCode.VEHICLE,
          "there is no release workflow " + workflow + " (" + where() + ")",
          "Check the deployment (its ReleaseWorkflowArn output), --profile and --region, or deploy"
              + " the stage's release stack (npx cdk deploy --all -c stage=<stage>)");
    } catch (SdkException e) {
      throw AwsErrors.translate(e, what, where());
    }
  }
}
