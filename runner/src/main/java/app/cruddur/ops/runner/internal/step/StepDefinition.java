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
 * @param longRunning {@code long: true} in its file: it may not finish within a slice (an index
 *     built {@code CONCURRENTLY} on a large table), so a release workflow runs it where no slice
 *     deadline applies (the long-step project); elsewhere it runs in place
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
    StepAction action,
    boolean longRunning) {

  public StepDefinition {
    contexts = List.copyOf(contexts);
  }

  /** A step that finishes within a slice. */
  public StepDefinition(
      StepId id,
      String description,
      String kind,
      Store store,
      boolean runsEveryRelease,
      List<String> contexts,
      String file,
      String checksum,
      StepAction action) {
    this(id, description, kind, store, runsEveryRelease, contexts, file, checksum, action, false);
  }

  /** True when the step runs in {@code context}. */
  public boolean inContext(String context) {
    return contexts.isEmpty() || contexts.contains(context);
  }
}
