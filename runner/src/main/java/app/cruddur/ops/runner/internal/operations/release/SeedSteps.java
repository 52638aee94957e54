package app.cruddur.ops.runner.internal.operations.release;

import app.cruddur.ops.runner.api.SeedRun;
import app.cruddur.ops.runner.api.StepResult;
import app.cruddur.ops.runner.api.StepState;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.dynamo.migration.DynamoMigrationStepKind;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import app.cruddur.ops.runner.internal.seed.DynamoSeedStepKind;
import app.cruddur.ops.runner.internal.seed.SeedWriter;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import app.cruddur.ops.runner.internal.step.StepScope;
import app.cruddur.ops.runner.internal.stores.StoreIdentities;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * {@code cruddur ddb seed} without options: the seed steps of the context run outside a release,
 * the same code as the steps, not recorded in the ledger (seeds are idempotent, so the next release
 * may run them again). A seed writes its items as its version wrote them; where a {@code
 * dynamodb-migration} versioned after it is applied, each item is written as that migration makes
 * it ({@link MigrationsAfterSeed}), so seeding never undoes a later step's change while the ledger
 * says it is applied.
 */
public record SeedSteps(ReleaseSession release) implements Operation<SeedRun> {
  private static final DynamoSeedStepKind SEEDS = new DynamoSeedStepKind();
  private static final String MIGRATION = new DynamoMigrationStepKind().name();

  @Override
  public SeedRun run() {
    String context = release.context();
    List<StepDefinition> seeds =
        release.catalog().steps().stream()
            .filter(s -> s.inContext(context) && SEEDS.actionOf(s).isPresent())
            .toList();
    List<StepDefinition> applied = seeds.isEmpty() ? List.of() : appliedMigrations();
    // every seed's later migrations read before the first write: a refusal writes nothing
    List<MigrationsAfterSeed> changes =
        seeds.stream()
            .map(
                seed ->
                    MigrationsAfterSeed.of(
                        release.projectDir(),
                        seed,
                        applied.stream().filter(m -> m.id().compareTo(seed.id()) > 0).toList()))
            .toList();
    List<String> summaries = new ArrayList<>();
    for (int i = 0; i < seeds.size(); i++) {
      summaries.add(seed(seeds.get(i), changes.get(i)));
    }
    return new SeedRun(context, summaries, List.of());
  }

  /** The DynamoDB migrations the ledger says are applied (and still in place), in order. */
  private List<StepDefinition> appliedMigrations() {
    return release.read(
        "cruddur ddb seed",
        ledger ->
            release
                .assess(
                    ledger,
                    false,
                    StoreIdentities.only(release.session(), EnumSet.of(Store.DYNAMODB)))
                .stream()
                .filter(a -> a.status().state() == StepState.APPLIED)
                .flatMap(a -> a.step().stream())
                .filter(s -> s.kind().equals(MIGRATION))
                .toList());
  }

  private String seed(StepDefinition step, MigrationsAfterSeed laterChanges) {
    StepScope scope = release.scope(step);
    release.listener().stepStarted(scope.status());
    long t0 = System.nanoTime();
    SeedWriter.SeedResult r = SEEDS.actionOf(step).orElseThrow().write(scope, laterChanges);
    String summary =
        "wrote "
            + r.messages()
            + " messages and "
            + r.groupRows()
            + " group rows"
            + (laterChanges.changed() == 0
                ? ""
                : " (" + laterChanges.changed() + " as the migrations applied after it made them)");
    release
        .listener()
        .stepFinished(
            new StepResult(
                step.id().key(),
                step.kind(),
                step.store(),
                step.description(),
                true,
                (System.nanoTime() - t0) / 1_000_000,
                summary,
                NullNode.getInstance(),
                true));
    return step.id().key() + ": " + summary;
  }
}
