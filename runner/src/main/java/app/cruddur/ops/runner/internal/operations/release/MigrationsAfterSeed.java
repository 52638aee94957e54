package app.cruddur.ops.runner.internal.operations.release;

import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.dynamo.migration.ItemPlan;
import app.cruddur.ops.runner.internal.dynamo.migration.ItemPlanner;
import app.cruddur.ops.runner.internal.dynamo.migration.MigrationSpec;
import app.cruddur.ops.runner.internal.dynamo.migration.MigrationSpecReader;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import app.cruddur.ops.runner.internal.stepfile.StepFileException;
import app.cruddur.ops.runner.internal.stepfile.YamlMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB migrations applied after a seed (by version), as one change of each item the seed
 * writes: {@code ddb seed} writes its items in the form those migrations gave them, so it never
 * undoes a later step's change while the ledger says it is applied. Only migrations whose items
 * this process can decide alone (a scan with no DynamoDB filter) are applied so; any other one
 * refuses the seed.
 */
final class MigrationsAfterSeed implements UnaryOperator<Map<String, AttributeValue>> {
  private final List<ItemPlanner> planners;
  private final AtomicLong changed = new AtomicLong();

  private MigrationsAfterSeed(List<ItemPlanner> planners) {
    this.planners = List.copyOf(planners);
  }

  /**
   * The change of {@code migrations} (applied, versioned after {@code seed}, in order).
   *
   * @throws CruddurException exit 2 ({@code SEED_WOULD_UNDO}) for a migration that selects with a
   *     query or a filter: which of the seed's items it changes is DynamoDB's to say
   */
  static MigrationsAfterSeed of(
      Path projectDir, StepDefinition seed, List<StepDefinition> migrations) {
    MigrationSpecReader reader =
        new MigrationSpecReader(
            MessagesTable.definition(), MigrationsAfterSeed.class.getClassLoader());
    return new MigrationsAfterSeed(
        migrations.stream()
            .map(
                m -> {
                  MigrationSpec spec = reader.read(body(projectDir, m.file()));
                  if (!(spec.selection() instanceof MigrationSpec.Scan scan)
                      || scan.filter().isPresent()) {
                    throw CruddurException.of(
                        ErrorCode.SEED_WOULD_UNDO,
                        seed.id().key()
                            + " would write its items as they were before "
                            + m.id().key()
                            + " ("
                            + m.file()
                            + "), applied since, whose selection (a query or a filter) only"
                            + " DynamoDB can evaluate; nothing was written",
                        "To seed afresh, drop the table (`cruddur ddb drop TABLE`) and run `cruddur"
                            + " release`: it seeds, then runs the migrations after the seed");
                  }
                  return spec.planner();
                })
            .toList());
  }

  private static YamlMap body(Path projectDir, String file) {
    try {
      String text = Files.readString(projectDir.resolve(file), StandardCharsets.UTF_8);
      return new YamlMap(file, (MappingNode) new Yaml().compose(new java.io.StringReader(text)));
    } catch (IOException | RuntimeException e) {
      // the catalog read it a moment ago
      throw new StepFileException(file, 0, "cannot be read again: " + e.getMessage());
    }
  }

  /** Whether there is anything to apply. */
  boolean isEmpty() {
    return planners.isEmpty();
  }

  /** How many items the migrations changed so far. */
  long changed() {
    return changed.get();
  }

  @Override
  public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> now = item;
    for (ItemPlanner planner : planners) {
      now = ItemPlan.after(planner.plan(now), now);
    }
    if (!now.equals(item)) {
      changed.incrementAndGet();
    }
    return now;
  }
}
