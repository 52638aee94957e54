package app.cruddur.ops.runner.internal.step;

import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.stepfile.StepId;
import java.util.List;

/**
 * One step as declared in {@code seeders/}.
 *
 * @param id key and order
 * @param description what it does
 * @param kind the kind's name
 * @param store the store it writes
 * @param runsEveryRelease a sync step
 * @param contexts contexts it runs in (empty: all)
 * @param file the step file, relative to the project
 * @param checksum canonical checksum of the file and its inputs
 * @param action its behaviour
 */
public record StepDefinition(
    StepId id,
    String description,
    String kind,
    Store store,
    boolean runsEveryRelease,
    List<String> contexts,
    String file,
    String checksum,
    StepAction action) {

  public StepDefinition {
    contexts = List.copyOf(contexts);
  }

  /** True when the step runs in {@code context}. */
  public boolean inContext(String context) {
    return contexts.isEmpty() || contexts.contains(context);
  }
}
