package app.cruddur.ops.runner.internal.operations.release;

import app.cruddur.ops.runner.api.SeedRun;
import app.cruddur.ops.runner.api.StepResult;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import app.cruddur.ops.runner.internal.seed.DynamoSeedStepKind;
import app.cruddur.ops.runner.internal.seed.SeedWriter;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import app.cruddur.ops.runner.internal.step.StepScope;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code cruddur ddb seed} without options: the seed steps of the context run outside a release,
 * the same code as the steps, not recorded in the ledger (seeds are idempotent, so the next release
 * may run them again).
 */
public record SeedSteps(ReleaseSession release) implements Operation<SeedRun> {
  private static final DynamoSeedStepKind SEEDS = new DynamoSeedStepKind();

  @Override
  public SeedRun run() {
    List<String> summaries = new ArrayList<>();
    String context = release.context();
    for (StepDefinition step : release.catalog().steps()) {
      Optional<DynamoSeedStepKind.SeedStep> seed = SEEDS.actionOf(step);
      if (step.inContext(context) && seed.isPresent()) {
        StepScope scope = release.scope(step);
        release.listener().stepStarted(scope.status());
        long t0 = System.nanoTime();
        SeedWriter.SeedResult r = seed.get().write(scope);
        String summary = "wrote " + r.messages() + " messages and " + r.groupRows() + " group rows";
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
        summaries.add(step.id().key() + ": " + summary);
      }
    }
    return new SeedRun(context, summaries, List.of());
  }
}
