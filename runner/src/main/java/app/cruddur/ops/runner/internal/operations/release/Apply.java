package app.cruddur.ops.runner.internal.operations.release;

import app.cruddur.ops.runner.api.AwsCallStats;
import app.cruddur.ops.runner.api.ReleaseResult;
import app.cruddur.ops.runner.api.StepResult;
import app.cruddur.ops.runner.api.StepState;
import app.cruddur.ops.runner.api.StepStatus;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.baseline.AdoptionCheck;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.plan.Assessment;
import app.cruddur.ops.runner.internal.plan.Drift;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import app.cruddur.ops.runner.internal.release.StepRunner;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import app.cruddur.ops.runner.internal.stores.StoreIdentities;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * {@code cruddur release} (and {@code db update}: the liquibase steps only): check the target
 * ({@link ReleaseSession#checkTarget()}), then under the target's lock assess every step, stop on
 * drift before anything runs, prepare every pending step (a bad changelog, or a seed whose users
 * are missing when no earlier step could create them, is exit 2 before the first write), then apply
 * them in order, each recorded.
 */
public record Apply(ReleaseSession release, Predicate<StepDefinition> filter)
    implements Operation<ReleaseResult> {
  private static final Logger LOG = Logger.getLogger(Apply.class.getName());

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
    UUID releaseId = UUID.randomUUID();
    return release.underLock(
        "cruddur release",
        ledger -> {
          StoreIdentities identities = StoreIdentities.only(release.session(), stores);
          List<Assessment> assessed = release.assess(ledger, false, identities);
          List<StepStatus> drift = Drift.of(assessed.stream().map(Assessment::status).toList());
          if (!drift.isEmpty()) {
            throw Drift.error(drift);
          }
          List<Assessment> toRun =
              assessed.stream()
                  .filter(a -> a.willRun() && filter.test(a.step().orElseThrow()))
                  .toList();
          // everything a step needs that no earlier step of this release provides is checked before
          // the first write
          Set<Store> written = EnumSet.noneOf(Store.class);
          for (Assessment a : toRun) {
            StepDefinition step = a.step().orElseThrow();
            step.action().prepare(release.scope(a));
            if (java.util.Collections.disjoint(step.action().reads(), written)) {
              step.action().checkReadable(release.scope(a));
            }
            written.add(step.store());
          }
          StepRunner runner =
              new StepRunner(release.session(), ledger, identities, release.listener());
          List<StepResult> results = new ArrayList<>();
          for (Assessment a : toRun) {
            results.add(
                runner.run(release.scope(a), release.row(releaseId, a.step().orElseThrow())));
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
              List.of());
        });
  }
}
