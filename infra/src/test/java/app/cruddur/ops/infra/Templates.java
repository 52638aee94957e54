package app.cruddur.ops.infra;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awscdk.assertions.Template;

/** Plain-Java views of template parts, for the assertions Match cannot express. */
final class Templates {
  private Templates() {}

  /** The one resource of {@code type}: its logical id and definition. */
  @SuppressWarnings("unchecked")
  static Map.Entry<String, Map<String, Object>> only(Template template, String type) {
    Map<String, Map<String, Object>> found =
        (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources(type);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + type + ", found " + found.keySet());
    }
    return found.entrySet().iterator().next();
  }

  /** The one resource of {@code type} whose logical id starts with {@code idPrefix}. */
  @SuppressWarnings("unchecked")
  static Map.Entry<String, Map<String, Object>> only(
      Template template, String type, String idPrefix) {
    Map<String, Map<String, Object>> found =
        (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources(type);
    List<Map.Entry<String, Map<String, Object>>> matching =
        found.entrySet().stream().filter(e -> e.getKey().startsWith(idPrefix)).toList();
    if (matching.size() != 1) {
      throw new AssertionError(
          "expected one " + type + " named " + idPrefix + "*, found " + found.keySet());
    }
    return matching.get(0);
  }

  /**
   * The logical id of the one resource of {@code type} whose description (GroupDescription,
   * Description) mentions {@code what}.
   */
  @SuppressWarnings("unchecked")
  static String logicalId(Template template, String type, String what) {
    Map<String, Map<String, Object>> found =
        (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources(type);
    List<String> matching =
        found.entrySet().stream()
            .filter(
                e -> {
                  Map<String, Object> p = (Map<String, Object>) e.getValue().get("Properties");
                  Object d =
                      p == null ? null : p.getOrDefault("GroupDescription", p.get("Description"));
                  return d != null && d.toString().contains(what);
                })
            .map(Map.Entry::getKey)
            .toList();
    if (matching.size() != 1) {
      throw new AssertionError(
          "expected one "
              + type
              + " described as '"
              + what
              + "', found "
              + matching
              + " of "
              + found.keySet());
    }
    return matching.get(0);
  }

  /** The properties of the one resource of {@code type}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> properties(Template template, String type) {
    return (Map<String, Object>) only(template, type).getValue().get("Properties");
  }

  /** Every statement of every IAM policy in {@code template}. */
  static List<Map<String, Object>> statements(Template template) {
    return statementsOfPolicies(template, properties -> true);
  }

  /** The statements of the one IAM policy attached to the role with logical id {@code roleId}. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> statementsOfRole(Template template, String roleId) {
    return statementsOfPolicies(
        template, p -> ((List<Object>) p.get("Roles")).contains(Map.of("Ref", roleId)));
  }

  /** The statements of the IAM policies whose properties {@code which} accepts. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> statementsOfPolicies(
      Template template, Predicate<Map<String, Object>> which) {
    Map<String, Map<String, Object>> policies =
        (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources("AWS::IAM::Policy");
    return policies.values().stream()
        .map(p -> (Map<String, Object>) p.get("Properties"))
        .filter(which)
        .flatMap(
            p ->
                ((List<Map<String, Object>>)
                        ((Map<String, Object>) p.get("PolicyDocument")).get("Statement"))
                    .stream())
        .toList();
  }
}
