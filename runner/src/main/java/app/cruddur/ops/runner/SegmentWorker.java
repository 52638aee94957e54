package app.cruddur.ops.runner;

import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.runner.api.Target;
import app.cruddur.ops.runner.api.WorkerAnswer;
import app.cruddur.ops.runner.api.WorkerRequest;
import app.cruddur.ops.runner.internal.aws.AwsClients;
import app.cruddur.ops.runner.internal.dynamo.migration.WorkerInvocation;
import app.cruddur.ops.runner.internal.release.DefaultStepKinds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A distributed migration's worker (see {@link MigrationWorkers}): one invocation works the
 * segments it is given with the same per-page engine as a release — the same conditional writes,
 * the same {@code when}/{@code set}/{@code move}/Java migrations, the run's checkpoints and leases
 * in its control table and its shared budget — until they are finished or its time is up. DynamoDB
 * only: it never opens PostgreSQL.
 */
public final class SegmentWorker {
  private SegmentWorker() {}

  /**
   * Works {@code request} on the DynamoDB that the AWS settings of {@code env} reach (a Lambda's
   * environment), with the step files of {@code project}, until {@code remaining} is down to the
   * request's margin.
   */
  public static WorkerAnswer work(
      Map<String, String> env, Path project, WorkerRequest request, Duration remaining) {
    try (AwsClients aws =
        new AwsClients(
            Target.aws(Optional.empty(), Optional.empty()), Optional.empty(), env, List.of())) {
      return work(aws.dynamo(), project, request, remaining);
    }
  }

  /** {@link #work(Map, Path, WorkerRequest, Duration)} on {@code dynamo}. */
  public static WorkerAnswer work(
      DynamoDbClient dynamo, Path project, WorkerRequest request, Duration remaining) {
    return WorkerInvocation.work(
        dynamo,
        project,
        DefaultStepKinds.all(),
        request,
        remaining,
        UnaryOperator.identity(),
        System::currentTimeMillis);
  }
}
