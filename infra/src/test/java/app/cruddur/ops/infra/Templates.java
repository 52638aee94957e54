package app.cruddur.ops.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** Plain-Java views of template parts, for the assertions Match cannot express. */
final class Templates {
  private Templates() {}

  /** The one resource of {@code type}: its logical id and definition. */
  @SuppressWarnings("unchecked")
  static Map.Entry<String, Map<String, Object>> only(Template template, String type) {
    Map<String, Map<String, Object>> found = (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources(type);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + type + ", found " + found.keySet());
    }
    return found.entrySet().iterator().next();
  }

  /** The properties of the one resource of {@code type}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> properties(Template template, String type) {
    return (Map<String, Object>) only(template, type).getValue().get("Properties");
  }

  /** The statements of the one IAM policy attached to the role with logical id {@code roleId}. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> statementsOfRole(Template template, String roleId) {
    Map<String, Map<String, Object>> policies = (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources("AWS::IAM::Policy");
    return policies.values().stream()
        .map(p -> (Map<String, Object>) p.get("Properties"))
        .filter(p -> ((List<Object>) p.get("Roles")).contains(Map.of("Ref", roleId)))
        .flatMap(p -> ((List<Map<String, Object>>) ((Map<String, Object>) p.get("PolicyDocument")).get("Statement")).stream())
        .toList();
  }
}
