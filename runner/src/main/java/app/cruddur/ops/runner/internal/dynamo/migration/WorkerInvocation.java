package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.WorkerAnswer;
import app.cruddur.ops.runner.api.WorkerRequest;
import app.cruddur.ops.runner.internal.step.StepCatalog;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import app.cruddur.ops.runner.internal.step.StepKinds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One invocation of a distributed migration's worker Lambda (a child of the release workflow's
 * Distributed Map): the project's step read, the request's segments worked with {@link
 * MigrationWorker} — the same engine, conditional writes, checkpoints, leases and shared budget as
 * a local worker process — until they are finished, the deadline (the remaining time less the
 * margin) passed or a stop was asked for the run, and what it did answered. Never opens PostgreSQL.
 */
public final class WorkerInvocation {
  private WorkerInvocation() {}

  /**
   * Works {@code request} on {@code dynamo} with the step files of {@code project}, until {@code
   * remaining} (the function's remaining time, measured now) is down to the request's margin, with
   * the engine's settings of the step file as {@code engine} adjusts them.
   *
   * @param millis the clock the remaining time runs on (in milliseconds), read now and after every
   *     page: {@code System::currentTimeMillis}, or a test's
   */
  public static WorkerAnswer work(
      DynamoDbClient dynamo,
      Path project,
      StepKinds kinds,
      WorkerRequest request,
      Duration remaining,
      UnaryOperator<MigrationEngine.Settings> engine,
      LongSupplier millis) {
    long deadline = millis.getAsLong() + remaining.minus(request.margin()).toMillis();
    StepDefinition step;
    try {
      step =
          StepCatalog.load(project, kinds).steps().stream()
              .filter(s -> s.id().key().equals(request.step()))
              .findFirst()
              .orElseThrow(
                  () ->
                      CruddurException.of(
                          ErrorCode.MIGRATION_WORKERS_FAILED,
                          "the worker has no step " + request.step() + " in its seeders/",
                          "Deploy the same commit to the worker as to the release vehicle (cdk"
                              + " deploy), then release again"));
      if (!(step.action() instanceof DynamoMigrationStepKind.MigrationStep)) {
        throw CruddurException.of(
            ErrorCode.MIGRATION_WORKERS_FAILED,
            request.step() + " is not a dynamodb-migration",
            "Distribute only dynamodb-migration steps");
      }
    } catch (CruddurException e) {
      return WorkerAnswer.failed(request.segments(), e);
    }
    ControlTable control = new ControlTable(dynamo, request.controlTable());
    Optional<ControlTable.Run> known = control.run(request.run());
    if (known.isEmpty()
        || request.segments().stream().anyMatch(g -> g < 0 || g >= known.get().segments())) {
      return WorkerAnswer.failed(
          request.segments(),
          CruddurException.of(
              ErrorCode.MIGRATION_WORKERS_FAILED,
              known.isEmpty()
                  ? "no run " + request.run() + " in " + control.name()
                  : "segments "
                      + request.segments()
                      + " are not all of run "
                      + request.run()
                      + "'s 0.."
                      + (known.get().segments() - 1),
              "Release again: the release vehicle starts or resumes the run"));
    }
    MigrationWorker.Outcome outcome;
    try {
      outcome =
          MigrationWorker.work(
              dynamo,
              control,
              request.run(),
              step,
              new MigrationWorker.Settings(
                  request.owner(),
                  MigrationWorkers.LEASE,
                  request.workers(),
                  engine.apply(((DynamoMigrationStepKind.MigrationStep) step.action()).settings())),
              new HashSet<>(request.segments()),
              () -> millis.getAsLong() >= deadline,
              MigrationEngine.Listener.NONE);
    } catch (IllegalStateException e) {
      return WorkerAnswer.failed(
          request.segments(),
          CruddurException.of(
              ErrorCode.MIGRATION_WORKERS_FAILED,
              e.getMessage(),
              "Release again: the release vehicle starts or resumes the run"));
    } catch (RuntimeException e) {
      RuntimeException t = ((DynamoMigrationStepKind.MigrationStep) step.action()).translate(e);
      return WorkerAnswer.failed(
          request.segments(),
          t instanceof CruddurException c
              ? c
              : CruddurException.failed(
                  "the worker of " + request.step() + " failed: " + e.getMessage(),
                  "Read the worker's log; the segments resume from their last recorded page",
                  e));
    }
    List<Integer> finished = new ArrayList<>();
    List<Integer> left = new ArrayList<>();
    ControlTable.Run run = control.run(request.run()).orElseThrow();
    for (int segment : request.segments()) {
      (run.state().get(segment).finished() ? finished : left).add(segment);
    }
    MigrationCounts c = outcome.counts();
    return new WorkerAnswer(
        left.isEmpty()
            ? MigrationWorkers.Outcome.DONE
            : outcome.stoppedBy().isPresent()
                ? MigrationWorkers.Outcome.STOPPED
                : MigrationWorkers.Outcome.MORE,
        finished,
        left,
        c.scanned(),
        c.changed(),
        c.alreadyDone(),
        c.skipped(),
        c.changedElsewhere(),
        c.failed(),
        outcome.pagesRead(),
        Optional.empty());
  }
}
