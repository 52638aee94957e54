package app.cruddur.ops.runner.internal.operations.release;

import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.runner.api.AwsCallStats;
import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.api.ReleaseResult;
import app.cruddur.ops.runner.api.StepResult;
import app.cruddur.ops.runner.api.StepState;
import app.cruddur.ops.runner.api.StepStatus;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.baseline.AdoptionCheck;
import app.cruddur.ops.runner.internal.ledger.Ledger;
import app.cruddur.ops.runner.internal.ledger.ReleaseLease;
import app.cruddur.ops.runner.internal.ledger.ReleaseLock;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.plan.Assessment;
import app.cruddur.ops.runner.internal.plan.Drift;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import app.cruddur.ops.runner.internal.release.Slicing;
import app.cruddur.ops.runner.internal.release.StepRunner;
import app.cruddur.ops.runner.internal.step.Deadline;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import app.cruddur.ops.runner.internal.stores.StoreIdentities;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * {@code cruddur release} (and {@code db update}: the liquibase steps only): check the target
 * ({@link ReleaseSession#checkTarget()}), then under the target's lock — and outside any other
 * release's live lease ({@link ReleaseLease}) — assess every step, stop on drift before anything
 * runs, prepare every pending step (a bad changelog, or a seed whose users are missing when no
 * earlier step could create them, is exit 2 before the first write), then apply them in order, each
 * recorded.
 *
 * <p>Sliced ({@link Slicing}): once the deadline passed it stops at the next boundary — between
 * steps, or inside a step that can stop (a migration after a page, checkpointed) —, and a
 * workflow's slice between steps once they take its answer's share for steps; it says where ({@link
 * ReleaseResult.Unfinished}); a slice of a release workflow keeps its lease for the next slice, and
 * hands a step marked {@code long: true} to the workflow's long-step build (and a distributed
 * step's segments to its Distributed Map). A slice asks at each boundary whether a stop was asked
 * for its release ({@link ReleaseLease#requestStop}): then it stops there, ends the lease and
 * answers {@code RELEASE_STOPPED}.
 *
 * <p>Longer than our usual class on purpose: a release's one sequence — target, lock, lease,
 * assessment, preparation, the steps, and where a slice stopped — reads top to bottom here.
 */
public record Apply(ReleaseSession release, Predicate<StepDefinition> filter, Slicing slicing)
    implements Operation<ReleaseResult> {
  private static final Logger LOG = Logger.getLogger(Apply.class.getName());

  /** What a step counts for in an estimate when it cannot say (a changeset, a table, a seed). */
  private static final Duration QUICK_STEP = Duration.ofSeconds(5);

  /** A whole release. */
  public Apply(ReleaseSession release, Predicate<StepDefinition> filter) {
    this(release, filter, Slicing.whole());
  }

  @Override
  public ReleaseResult run() {
    long start = System.nanoTime();
    String context = release.context();
    release.listener().releaseStarted(release.target(), context);
    List<StepDefinition> steps = release.catalog().steps();
    // The stores of the steps this run may apply (db update: PostgreSQL alone) are the ones whose
    // identities it checks: build those AWS clients on another thread while PostgreSQL is opened
    // and the ledger read, instead of after (most of a no-op release's time otherwise).
    Set<Store> stores =
        steps.stream()
            .filter(s -> s.inContext(context) && filter.test(s))
            .map(StepDefinition::store)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(Store.class)));
    release.session().prepareAwsClients(stores);
    // a wrong target is found here, before the lock: nothing is written for it
    release.checkTarget();
    // a database made without the runner: refused before the lock, so nothing is written to it
    AdoptionCheck.check(
        release.session().postgres(),
        release.target(),
        steps.stream().filter(s -> s.inContext(context) && filter.test(s)).toList());
    slicing.leaseOwner().ifPresent(this::endEarlierSlice);
    String purpose =
        slicing.leaseOwner().map(ReleaseLock::sliceSessionName).orElse("cruddur release");
    long waitUntil = System.nanoTime() + release.lockWait().toNanos();
    while (true) {
      try {
        return release.underLock(purpose, ledger -> admitted(ledger, stores, start));
      } catch (LeaseHeld held) {
        long left = waitUntil - System.nanoTime();
        if (left <= 0) {
          throw held.error(release.lockWait());
        }
        try {
          Thread.sleep(Math.min(2_000, Math.max(1, left / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw held.error(release.lockWait());
        }
      }
    }
  }

  /**
   * A slice of {@code owner}'s execution that died in Lambda (timed out, frozen) may have left its
   * session holding the lock: the next slice ends it rather than wait for the server to notice.
   */
  private void endEarlierSlice(String owner) {
    try (Connection c = release.session().postgres().open("cruddur slice check")) {
      List<Integer> ended = ReleaseLock.endEarlierSlice(c, owner);
      if (!ended.isEmpty()) {
        release
            .listener()
            .notice(
                "ended the session of an earlier slice of "
                    + owner
                    + " that still held the release lock (server pid "
                    + ended.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + ")");
      }
    } catch (SQLException e) {
      // not fatal: the lock's own wait and error follow
      release.listener().notice("could not look for an earlier slice's session: " + e.getMessage());
    }
  }

  /** Under the lock: the lease checked (and taken, for a slice), then the release. */
  private ReleaseResult admitted(Ledger ledger, Set<Store> stores, long start) throws SQLException {
    Optional<ReleaseLease.State> lease = ReleaseLease.read(ledger.connection());
    Optional<String> owner = slicing.leaseOwner();
    if (lease.isPresent()
        && lease.get().live()
        && !owner.equals(Optional.of(lease.get().owner()))) {
      throw new LeaseHeld(lease.get());
    }
    UUID releaseId;
    if (owner.isPresent()) {
      releaseId =
          ReleaseLease.take(ledger.connection(), owner.get(), slicing.leaseFor()).releaseId();
    } else {
      releaseId = UUID.randomUUID();
      if (lease.isPresent()) {
        // lapsed: its slices died and its workflow is gone; this release continues the work
        release
            .listener()
            .notice("took over the lapsed lease of " + lease.get().owner() + "'s release");
        ReleaseLease.release(ledger.connection(), lease.get().owner());
      }
    }
    ReleaseResult result;
    try (StopAsked stopAsked = new StopAsked(release.session().postgres(), owner.orElse(""))) {
      // a slice stops at its next boundary once a stop is asked for its release (--via --stop)
      Deadline deadline =
          owner.isPresent() ? slicing.deadline().orStop(stopAsked) : slicing.deadline();
      result = apply(ledger, stores, releaseId, start, deadline);
    } catch (RuntimeException | SQLException e) {
      if (owner.isPresent()) {
        ReleaseLease.release(ledger.connection(), owner.get()); // the release failed: it ends here
      }
      throw e;
    }
    if (owner.isPresent()) {
      if (result.unfinished().isPresent() && !result.unfinished().get().stopped()) {
        ReleaseResult.Unfinished u = result.unfinished().get();
        // a Distributed Map runs before the next slice: the lease outlives it as a long step's does
        ReleaseLease.renew(
            ledger.connection(),
            owner.get(),
            u.distribute().isPresent()
                ? ReleaseWorkflow.LONG_STEP_TIMEOUT.plus(ReleaseWorkflow.LEASE_TTL)
                : slicing.leaseFor(),
            new ReleaseLease.Standing(
                u.left().stream().findFirst(),
                Optional.of(u.where()),
                Optional.of(u.estimateSeconds())));
      } else {
        // done, or stopped as asked: the next release, anyone's, starts at once
        ReleaseLease.release(ledger.connection(), owner.get());
      }
    }
    return result;
  }

  private ReleaseResult apply(
      Ledger ledger, Set<Store> stores, UUID releaseId, long start, Deadline deadline)
      throws SQLException {
    String context = release.context();
    StoreIdentities identities = StoreIdentities.only(release.session(), stores);
    // under the lock, as before: the AWS stores' identities are asked at once, while the ledger is
    // read, instead of one after another as the assessment reaches them
    identities.prefetch(stores);
    List<Assessment> assessed = release.assess(ledger, false, identities);
    List<StepStatus> drift = Drift.of(assessed.stream().map(Assessment::status).toList());
    if (!drift.isEmpty()) {
      throw Drift.error(drift);
    }
    List<Assessment> toRun =
        assessed.stream().filter(a -> a.willRun() && filter.test(a.step().orElseThrow())).toList();
    // everything a step needs that no earlier step of this release provides is checked before the
    // first write
    Set<Store> written = EnumSet.noneOf(Store.class);
    for (Assessment a : toRun) {
      StepDefinition step = a.step().orElseThrow();
      step.action().prepare(release.scope(a));
      if (Collections.disjoint(step.action().reads(), written)) {
        step.action().checkReadable(release.scope(a));
      }
      written.add(step.store());
    }
    StepRunner runner = new StepRunner(release.session(), ledger, identities, release.listener());
    List<StepResult> results = new ArrayList<>();
    Optional<ReleaseResult.Unfinished> unfinished = Optional.empty();
    long answered = 0; // what the steps that ran take of a slice's answer
    for (int i = 0; i < toRun.size(); i++) {
      Assessment a = toRun.get(i);
      StepDefinition step = a.step().orElseThrow();
      Optional<String> stop = stopBefore(step, results, answered, deadline);
      if (stop.isPresent()) {
        unfinished =
            Optional.of(
                unfinished(
                    stop.get(),
                    "before " + step.id(),
                    toRun.subList(i, toRun.size()),
                    Duration.ZERO,
                    Optional.of(step).filter(this::handedOff)));
        break;
      }
      StepRunner.Ran ran =
          runner.run(
              release.scope(a).sliced(deadline, slicing.handsOffLongSteps()),
              release.row(releaseId, step));
      results.add(ran.result());
      if (slicing.boundsAnswer()) {
        answered += answerBytes(a.status(), ran.result());
      }
      if (ran.result().paused()) {
        unfinished =
            Optional.of(
                unfinished(
                        ran.distribute().isPresent()
                            ? step.id() + " runs distributed: its segments went to the workers"
                            : deadline.why(),
                        step.id() + " " + ran.result().summary(),
                        toRun.subList(i, toRun.size()),
                        ran.rest().orElse(QUICK_STEP),
                        Optional.empty())
                    .handingOff(ran.distribute()));
        break;
      }
      if (slicing.longStep().isPresent() && slicing.longStep().get().equals(step.id().key())) {
        if (i + 1 < toRun.size()) {
          unfinished =
              Optional.of(
                  unfinished(
                      "the long step " + step.id() + " ran on its own",
                      "after " + step.id(),
                      toRun.subList(i + 1, toRun.size()),
                      Duration.ZERO,
                      Optional.empty()));
        }
        break;
      }
    }
    int already =
        (int)
            assessed.stream()
                .filter(a -> a.status().state() == StepState.APPLIED)
                .filter(a -> filter.test(a.step().orElseThrow()))
                .count();
    Set<Store> checked = EnumSet.of(Store.POSTGRES);
    checked.addAll(identities.checked());
    List<AwsCallStats> calls = release.session().awsCalls();
    calls.forEach(
        call ->
            LOG.fine(
                () ->
                    call.operation()
                        + ": "
                        + call.calls()
                        + " calls, "
                        + call.retries()
                        + " SDK retries, "
                        + call.failures()
                        + " failed"));
    List<StepStatus> notApplicable =
        assessed.stream()
            .filter(a -> a.step().map(filter::test).orElse(false))
            .map(Assessment::status)
            .filter(s -> s.state() == StepState.NOT_APPLICABLE)
            .toList();
    return new ReleaseResult(
        releaseId,
        release.target(),
        context,
        results,
        already,
        notApplicable,
        List.copyOf(checked),
        (System.nanoTime() - start) / 1_000_000,
        calls,
        unfinished.map(u -> deadline.stopped() ? u.asStopped() : u),
        List.of());
  }

  /**
   * Why the release stops before {@code step}, if it does: a stop was asked, a long step a slice
   * hands off (the first to run or not), the deadline passed after at least one step ran, or the
   * steps {@code done} take the slice's share of its answer ({@code answered} bytes: {@link
   * Slicing#stepsBytes()}).
   */
  private Optional<String> stopBefore(
      StepDefinition step, List<StepResult> done, long answered, Deadline deadline) {
    if (deadline.stopped()) {
      return Optional.of(deadline.why());
    }
    if (handedOff(step)) {
      return Optional.of(
          step.id() + " is marked long: the release workflow runs it in its long-step build");
    }
    if (!done.isEmpty() && deadline.passed()) {
      return Optional.of(deadline.why());
    }
    if (answered >= slicing.stepsBytes()) {
      return Optional.of(
          "the slice ran "
              + done.size()
              + (done.size() == 1 ? " step" : " steps")
              + ", as many as its answer holds");
    }
    return Optional.empty();
  }

  /**
   * What a step takes in a slice's answer: its start ({@code status}) once, its result twice (its
   * end, and the result's list of steps applied).
   */
  private static long answerBytes(StepStatus status, StepResult result) {
    try {
      return Json.mapper().writeValueAsBytes(status).length
          + 2L * Json.mapper().writeValueAsBytes(result).length;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean handedOff(StepDefinition step) {
    return slicing.handsOffLongSteps() && step.longRunning();
  }

  private ReleaseResult.Unfinished unfinished(
      String why,
      String where,
      List<Assessment> left,
      Duration restOfFirst,
      Optional<StepDefinition> longStep) {
    Duration estimate = restOfFirst;
    for (int i = restOfFirst.isZero() ? 0 : 1; i < left.size(); i++) {
      Assessment a = left.get(i);
      estimate =
          estimate.plus(
              a.step().orElseThrow().action().estimate(release.scope(a)).orElse(QUICK_STEP));
    }
    return new ReleaseResult.Unfinished(
        why,
        where,
        left.stream().map(a -> a.step().orElseThrow().id().key()).toList(),
        Math.max(1, estimate.toSeconds()),
        longStep.map(s -> s.id().key()));
  }
}
