package app.cruddur.ops.runner.internal.step;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The kinds of step a step file may name. */
public final class StepKinds {
  private final Map<String, StepKind<?>> byName = new LinkedHashMap<>();

  public StepKinds(List<StepKind<?>> kinds) {
    for (StepKind<?> kind : kinds) {
      byName.put(kind.name(), kind);
    }
  }

  public Optional<StepKind<?>> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The names, for error messages. */
  public String names() {
    return String.join(", ", byName.keySet());
  }
}
