package app.cruddur.ops.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** Follows a {@code Fn::ImportValue} of one template to what the exporting template exports. */
final class CrossStack {
  private CrossStack() {}

  /**
   * What {@code value} stands for: the exported value when it is an import from one of {@code
   * templates}, else itself.
   */
  @SuppressWarnings("unchecked")
  static Object resolve(Object value, List<Template> templates) {
    if (value instanceof Map<?, ?> map
        && map.size() == 1
        && map.get("Fn::ImportValue") instanceof String name) {
      for (Template template : templates) {
        for (Map<String, Object> output :
            ((Map<String, Map<String, Object>>) (Map<?, ?>) template.findOutputs("*")).values()) {
          Object export = output.get("Export");
          if (export instanceof Map<?, ?> e && name.equals(e.get("Name"))) {
            return output.get("Value");
          }
        }
      }
      throw new AssertionError("no template exports " + name);
    }
    return value;
  }

  /** {@link #resolve} of each element. */
  static List<Object> resolveAll(List<?> values, List<Template> templates) {
    return values.stream().map(v -> resolve(v, templates)).toList();
  }
}
