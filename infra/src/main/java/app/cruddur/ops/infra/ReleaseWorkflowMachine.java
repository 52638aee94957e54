package app.cruddur.ops.infra;

import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.model.ReleaseWorkflow;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.codebuild.BuildEnvironmentVariable;
import software.amazon.awscdk.services.codebuild.Project;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionAttributes;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.Errors;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IntegrationPattern;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.Timeout;
import software.amazon.awscdk.services.stepfunctions.tasks.CodeBuildStartBuild;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The stage's release workflow (see {@link ReleaseWorkflow}): a Standard state machine that invokes
 * the vehicle's published alias for one slice after another until a slice answers {@code done} (it
 * succeeds) or {@code failed} (it fails with the slice's error: error = the code, cause = the error
 * object as JSON), and runs a step the vehicle marks long in the long-step project ({@code
 * startBuild.sync}) before the next slice. Lambda's service errors and throttling are retried with
 * backoff; a slice that died (timed out, crashed) is invoked again, since the next slice of the
 * same execution resumes from the ledger and the checkpoints under the same lease. A slice that
 * answers {@code distribute} has a step's segments run by a Distributed Map ({@value
 * ReleaseWorkflow#DISTRIBUTE_STATE}) of Standard children looping the migration worker, then the
 * next slice.
 *
 * <p>A Standard execution records about 8 history events a slice: its 25,000-event limit is some
 * 3,000 slices, 4 weeks of 14-minute slices, beyond {@link ReleaseWorkflow#WORKFLOW_TIMEOUT}.
 */
public final class ReleaseWorkflowMachine extends Construct {
  /** Lambda's errors that say the service, not the function, failed: retried with backoff. */
  static final List<String> LAMBDA_SERVICE_ERRORS =
      List.of(
          "Lambda.ServiceException",
          "Lambda.AWSLambdaException",
          "Lambda.SdkClientException",
          "Lambda.ClientExecutionTimeoutException");

  /** A slice that died without answering: invoked again (it resumes where the last one stopped). */
  static final List<String> SLICE_DIED_ERRORS = List.of("Sandbox.Timedout", "Lambda.Unknown");

  private final StateMachine stateMachine;
  private final LogGroup logGroup;

  /**
   * Defines the state machine and its log group.
   *
   * @param stage the stage (its name is in the state machine's)
   * @param vehicle the vehicle whose alias runs the slices
   * @param longSteps the project that runs long steps
   * @param workers the worker Lambda of distributed steps
   * @param logRetention of its log group
   * @param removalPolicy of its log group
   */
  public ReleaseWorkflowMachine(
      Construct scope,
      String id,
      String stage,
      ReleaseVehicleFunction vehicle,
      LongStepProject longSteps,
      MigrationWorkerFunction workers,
      RetentionDays logRetention,
      RemovalPolicy removalPolicy) {
    super(scope, id);
    String answer = ReleaseWorkflow.ANSWER_PATH;

    LambdaInvoke slice =
        LambdaInvoke.Builder.create(this, "SliceTask")
            .stateName(ReleaseWorkflow.SLICE_STATE)
            .comment("One time-boxed slice of the release: answers more, done or failed")
            // the alias by its ARN built from the function's Arn attribute, not the alias
            // resource's: a simulated account (moto) resolves the one, not the other
            .lambdaFunction(
                Function.fromFunctionAttributes(
                    this,
                    "VehicleAlias",
                    FunctionAttributes.builder()
                        .functionArn(
                            vehicle.function().getFunctionArn()
                                + ":"
                                + vehicle.alias().getAliasName())
                        .sameEnvironment(true)
                        .build()))
            .payload(
                TaskInput.fromObject(
                    new TreeMap<>(
                        Map.of(
                            "command",
                            "release",
                            ReleaseWorkflow.SLICE_FIELD,
                            new TreeMap<>(
                                Map.of(
                                    ReleaseWorkflow.SLICE_OWNER_FIELD,
                                    JsonPath.getExecutionId(),
                                    ReleaseWorkflow.SLICE_MARGIN_FIELD,
                                    ReleaseWorkflow.SLICE_MARGIN.toSeconds()))))))
            .resultSelector(Map.of("answer", JsonPath.objectAt("$.Payload")))
            .resultPath("$.slice")
            .taskTimeout(
                Timeout.duration(Duration.seconds(ReleaseWorkflow.SLICE_TIMEOUT.toSeconds())))
            .retryOnServiceExceptions(false)
            .build();
    retryLambda(slice);

    Fail failed =
        Fail.Builder.create(this, "Failed")
            .stateName(ReleaseWorkflow.FAILED_STATE)
            .comment("error: the error's code; cause: the error object as JSON")
            .errorPath("$.error." + ReleaseWorkflow.ERROR_CODE_FIELD)
            .causePath(JsonPath.jsonToString(JsonPath.objectAt("$.error")))
            .build();
    Pass sliceFailed =
        Pass.Builder.create(this, "SliceFailed")
            .comment("The failed slice's error, as the release reported it")
            .parameters(
                Map.of("error", JsonPath.objectAt(answer + "." + ReleaseWorkflow.ERROR_FIELD)))
            .build();
    Pass badAnswer =
        Pass.Builder.create(this, "BadAnswer")
            .comment("An answer the workflow cannot route")
            .parameters(
                Map.of(
                    "error",
                    error(
                        ReleaseWorkflow.NO_OUTCOME,
                        "the release vehicle answered no outcome (or failed without an error)",
                        "Deploy a vehicle that speaks the slice protocol (cdk deploy), then release"
                            + " again")))
            .build();
    Pass longStepFailed =
        Pass.Builder.create(this, "LongStepFailed")
            .comment("The long step's build failed, timed out or was stopped")
            .parameters(
                Map.of(
                    "error",
                    error(
                        ReleaseWorkflow.LONG_STEP_FAILED,
                        JsonPath.format(
                            "the long step {} failed in CodeBuild ({})",
                            JsonPath.stringAt(
                                answer
                                    + "."
                                    + ReleaseWorkflow.RUN_LONG_FIELD
                                    + "."
                                    + ReleaseWorkflow.RUN_LONG_STEP_FIELD),
                            JsonPath.stringAt("$.longStep.Error")),
                        "Read the build's log (CodeBuild project "
                            + longSteps.projectName()
                            + "), fix the step, then release again")))
            .build();

    CodeBuildStartBuild longStep =
        CodeBuildStartBuild.Builder.create(this, "LongStepTask")
            .stateName(ReleaseWorkflow.LONG_STEP_STATE)
            .comment("A step longer than a slice, run once in CodeBuild; then the next slice")
            // by its (fixed) name, not the resource's attributes: the role's statement names
            // the ARN built from it, which a simulated account (moto) can resolve too
            .project(Project.fromProjectName(this, "LongStepProject", longSteps.projectName()))
            .integrationPattern(IntegrationPattern.RUN_JOB)
            .environmentVariablesOverride(
                new TreeMap<>(
                    Map.of(
                        ReleaseWorkflow.LONG_STEP_EVENT_ENV,
                        BuildEnvironmentVariable.builder()
                            .value(
                                JsonPath.jsonToString(
                                    JsonPath.objectAt(
                                        answer
                                            + "."
                                            + ReleaseWorkflow.RUN_LONG_FIELD
                                            + "."
                                            + ReleaseWorkflow.RUN_LONG_EVENT_FIELD)))
                            .build(),
                        ReleaseWorkflow.LONG_STEP_ENV,
                        BuildEnvironmentVariable.builder()
                            .value(
                                JsonPath.stringAt(
                                    answer
                                        + "."
                                        + ReleaseWorkflow.RUN_LONG_FIELD
                                        + "."
                                        + ReleaseWorkflow.RUN_LONG_STEP_FIELD))
                            .build())))
            .resultPath(JsonPath.DISCARD)
            .taskTimeout(
                Timeout.duration(
                    Duration.minutes(
                        ReleaseWorkflow.LONG_STEP_TIMEOUT.plusMinutes(10).toMinutes())))
            .build();
    longStep.addCatch(
        longStepFailed,
        CatchProps.builder().errors(List.of(Errors.ALL)).resultPath("$.longStep").build());

    DistributedMap distribute = distribute(answer, workers, slice);

    String outcome = answer + "." + ReleaseWorkflow.OUTCOME_FIELD;
    Choice route =
        Choice.Builder.create(this, "Route")
            .comment("Where the slice's outcome leads")
            .build()
            .when(
                Condition.stringEquals(outcome, ReleaseWorkflow.Outcome.DONE.wire()),
                Succeed.Builder.create(this, "Done").stateName(ReleaseWorkflow.DONE_STATE).build())
            .when(
                Condition.and(
                    Condition.stringEquals(outcome, ReleaseWorkflow.Outcome.FAILED.wire()),
                    Condition.isPresent(answer + "." + ReleaseWorkflow.ERROR_FIELD)),
                sliceFailed.next(failed))
            .when(
                Condition.and(
                    Condition.stringEquals(outcome, ReleaseWorkflow.Outcome.MORE.wire()),
                    Condition.isPresent(answer + "." + ReleaseWorkflow.DISTRIBUTE_FIELD)),
                distribute.next(slice))
            .when(
                Condition.and(
                    Condition.stringEquals(outcome, ReleaseWorkflow.Outcome.MORE.wire()),
                    Condition.isPresent(answer + "." + ReleaseWorkflow.RUN_LONG_FIELD)),
                longStep.next(slice))
            .when(Condition.stringEquals(outcome, ReleaseWorkflow.Outcome.MORE.wire()), slice)
            .otherwise(badAnswer.next(failed));
    longStepFailed.next(failed);

    logGroup =
        LogGroup.Builder.create(this, "Logs")
            .retention(logRetention)
            .removalPolicy(removalPolicy)
            .build();
    stateMachine =
        StateMachine.Builder.create(this, "StateMachine")
            .stateMachineName(ReleaseWorkflow.stateMachineName(stage))
            .stateMachineType(StateMachineType.STANDARD)
            .comment("Cruddur release of " + stage + " in time-boxed slices of the release vehicle")
            .definitionBody(DefinitionBody.fromChainable(slice.next(route)))
            .timeout(Duration.days((int) ReleaseWorkflow.WORKFLOW_TIMEOUT.toDays()))
            .logs(
                LogOptions.builder()
                    .destination(logGroup)
                    .level(LogLevel.ALL)
                    .includeExecutionData(true)
                    .build())
            .tracingEnabled(true)
            .build();
    // the first execution invokes the alias: it must exist by then
    stateMachine.getNode().addDependency(vehicle.alias());
  }

  /**
   * The Distributed Map of a distributed step: one child Standard workflow per item of the slice's
   * {@value ReleaseWorkflow#DISTRIBUTE_FIELD} (its segments), invoking the worker until it answers
   * {@code done} or {@code stopped} (a stop asked for the run: the child succeeds, not retried) or
   * {@code failed} (the child fails with the worker's error); the map's results are discarded (the
   * control table has the totals), and whatever happens the next slice follows: it reads the
   * control table, records the step once when every segment is done, and fans the unfinished
   * segments out again (a failed child's are so redriven) or fails.
   */
  private DistributedMap distribute(
      String answer, MigrationWorkerFunction workers, LambdaInvoke next) {
    String given = answer + "." + ReleaseWorkflow.DISTRIBUTE_FIELD;
    LambdaInvoke work =
        LambdaInvoke.Builder.create(this, "WorkTask")
            .stateName(ReleaseWorkflow.WORK_STATE)
            .comment("The worker over this child's segments until its deadline: more, done, failed")
            .lambdaFunction(workers.function())
            .payload(
                TaskInput.fromObject(
                    new TreeMap<>(
                        Map.of(
                            MigrationWorkers.RUN_FIELD,
                            JsonPath.stringAt("$." + MigrationWorkers.RUN_FIELD),
                            MigrationWorkers.STEP_FIELD,
                            JsonPath.stringAt("$." + MigrationWorkers.STEP_FIELD),
                            MigrationWorkers.CONTROL_TABLE_FIELD,
                            JsonPath.stringAt("$." + MigrationWorkers.CONTROL_TABLE_FIELD),
                            MigrationWorkers.SEGMENTS_FIELD,
                            JsonPath.listAt("$." + MigrationWorkers.SEGMENTS_FIELD),
                            MigrationWorkers.WORKERS_FIELD,
                            JsonPath.numberAt("$." + MigrationWorkers.WORKERS_FIELD),
                            // the child's ARN: every invocation of one child is one lease owner,
                            // so a worker that died is taken over by its successor at once
                            MigrationWorkers.OWNER_FIELD,
                            JsonPath.getExecutionId(),
                            MigrationWorkers.MARGIN_FIELD,
                            MigrationWorkers.WORKER_MARGIN.toSeconds()))))
            .resultSelector(Map.of("answer", JsonPath.objectAt("$.Payload")))
            .resultPath("$.work")
            .taskTimeout(
                Timeout.duration(
                    Duration.seconds(MigrationWorkers.WORKER_TIMEOUT.plusMinutes(2).toSeconds())))
            .retryOnServiceExceptions(false)
            .build();
    retryLambda(work);
    String worked = "$.work.answer";
    Fail workerFailed =
        Fail.Builder.create(this, "WorkerFailed")
            .comment("The worker's error: the next slice fans this child's segments out again")
            .errorPath(
                worked + "." + ReleaseWorkflow.ERROR_FIELD + "." + ReleaseWorkflow.ERROR_CODE_FIELD)
            .causePath(
                JsonPath.jsonToString(
                    JsonPath.objectAt(worked + "." + ReleaseWorkflow.ERROR_FIELD)))
            .build();
    Fail workerNoOutcome =
        Fail.Builder.create(this, "WorkerNoOutcome")
            .comment("The worker answered no outcome")
            .error(ReleaseWorkflow.NO_OUTCOME)
            .cause("the migration worker answered no outcome: deploy a worker of this release")
            .build();
    String workerOutcome = worked + "." + ReleaseWorkflow.OUTCOME_FIELD;
    Choice route =
        Choice.Builder.create(this, "Worked")
            .comment("Where the worker's outcome leads")
            .build()
            .when(
                Condition.stringEquals(workerOutcome, MigrationWorkers.Outcome.DONE.wire()),
                Succeed.Builder.create(this, "SegmentsDone").build())
            .when(Condition.stringEquals(workerOutcome, MigrationWorkers.Outcome.MORE.wire()), work)
            .when(
                Condition.stringEquals(workerOutcome, MigrationWorkers.Outcome.STOPPED.wire()),
                Succeed.Builder.create(this, "SegmentsStopped")
                    .comment("Stopped as asked (release --via --stop): its pages recorded")
                    .build())
            .when(Condition.isPresent(worked + "." + ReleaseWorkflow.ERROR_FIELD), workerFailed)
            .otherwise(workerNoOutcome);

    DistributedMap map =
        DistributedMap.Builder.create(this, "DistributeMap")
            .stateName(ReleaseWorkflow.DISTRIBUTE_STATE)
            .comment(
                "A distributed step's segments, one child workflow per item, then the next slice")
            .itemsPath(given + "." + ReleaseWorkflow.DISTRIBUTE_ITEMS_FIELD)
            .itemSelector(
                new TreeMap<>(
                    Map.of(
                        MigrationWorkers.RUN_FIELD,
                        JsonPath.stringAt(given + "." + MigrationWorkers.RUN_FIELD),
                        MigrationWorkers.STEP_FIELD,
                        JsonPath.stringAt(given + "." + MigrationWorkers.STEP_FIELD),
                        MigrationWorkers.CONTROL_TABLE_FIELD,
                        JsonPath.stringAt(given + "." + MigrationWorkers.CONTROL_TABLE_FIELD),
                        MigrationWorkers.WORKERS_FIELD,
                        JsonPath.numberAt(given + "." + MigrationWorkers.WORKERS_FIELD),
                        MigrationWorkers.SEGMENTS_FIELD,
                        JsonPath.listAt("$$.Map.Item.Value." + MigrationWorkers.SEGMENTS_FIELD))))
            .maxConcurrencyPath(given + "." + ReleaseWorkflow.DISTRIBUTE_CONCURRENCY_FIELD)
            .toleratedFailurePercentagePath(
                given + "." + ReleaseWorkflow.DISTRIBUTE_TOLERATED_FIELD)
            .mapExecutionType(StateMachineType.STANDARD)
            .label("Segments")
            .resultPath(JsonPath.DISCARD)
            .build();
    map.itemProcessor(work.next(route));
    // a map run that failed (more children failed than tolerated, or it could not start them)
    // leaves its segments unfinished: the next slice sees them so and decides
    map.addCatch(
        next, CatchProps.builder().errors(List.of(Errors.ALL)).resultPath("$.distributed").build());
    return map;
  }

  /** Lambda's service errors, throttling and a dead invocation: retried with backoff. */
  private static void retryLambda(LambdaInvoke task) {
    task.addRetry(
        RetryProps.builder()
            .errors(LAMBDA_SERVICE_ERRORS)
            .interval(Duration.seconds(2))
            .backoffRate(2)
            .maxAttempts(6)
            .build());
    task.addRetry(
        RetryProps.builder()
            .errors(List.of("Lambda.TooManyRequestsException"))
            .interval(Duration.seconds(5))
            .backoffRate(2)
            .maxAttempts(8)
            .build());
    task.addRetry(
        RetryProps.builder()
            .errors(SLICE_DIED_ERRORS)
            .interval(Duration.seconds(10))
            .backoffRate(2)
            .maxAttempts(2)
            .build());
  }

  private static Map<String, Object> error(String code, String message, String hint) {
    return new TreeMap<>(
        Map.of(
            ReleaseWorkflow.ERROR_CODE_FIELD,
            code,
            ReleaseWorkflow.ERROR_EXIT_CODE_FIELD,
            1,
            ReleaseWorkflow.ERROR_MESSAGE_FIELD,
            message,
            ReleaseWorkflow.ERROR_HINT_FIELD,
            hint));
  }

  /** The state machine. */
  public StateMachine stateMachine() {
    return stateMachine;
  }

  /** Its log group (every event, with the slices' answers). */
  public LogGroup logGroup() {
    return logGroup;
  }
}
