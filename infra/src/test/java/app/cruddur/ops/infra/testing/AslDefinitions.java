package app.cruddur.ops.infra.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/**
 * A synthesized state machine's definition as the deployed account would hold it: the template's
 * {@code DefinitionString} ({@code Fn::Join} of literals, {@code Ref}s and {@code Fn::GetAtt}s)
 * with every reference replaced by the value given for it, and the pseudo parameters by a test
 * account's.
 */
public final class AslDefinitions {
  /** The account id the pseudo parameters stand for. */
  public static final String ACCOUNT = "123456789012";

  /** The region the pseudo parameters stand for. */
  public static final String REGION = "us-east-1";

  private static final Map<String, String> PSEUDO =
      Map.of(
          "AWS::Partition",
          "aws",
          "AWS::Region",
          REGION,
          "AWS::AccountId",
          ACCOUNT,
          "AWS::URLSuffix",
          "amazonaws.com");

  private AslDefinitions() {}

  /**
   * The definition of the state machine {@code logicalId} in {@code template}, each {@code Ref X}
   * replaced by {@code values.get("X")} and each {@code Fn::GetAtt [X, A]} by {@code
   * values.get("X.A")}.
   *
   * @throws AssertionError naming a reference without a value
   */
  @SuppressWarnings("unchecked")
  public static String render(Template template, String logicalId, Map<String, String> values) {
    Map<String, Object> resource =
        (Map<String, Object>)
            template.findResources("AWS::StepFunctions::StateMachine").get(logicalId);
    if (resource == null) {
      throw new AssertionError("no state machine " + logicalId);
    }
    Object definition = ((Map<String, Object>) resource.get("Properties")).get("DefinitionString");
    return resolve(definition, values);
  }

  @SuppressWarnings("unchecked")
  private static String resolve(Object part, Map<String, String> values) {
    if (part instanceof String s) {
      return s;
    }
    Map<String, Object> intrinsic = (Map<String, Object>) part;
    if (intrinsic.containsKey("Fn::Join")) {
      List<Object> join = (List<Object>) intrinsic.get("Fn::Join");
      StringBuilder b = new StringBuilder();
      List<Object> parts = (List<Object>) join.get(1);
      for (int i = 0; i < parts.size(); i++) {
        b.append(i == 0 ? "" : (String) join.get(0)).append(resolve(parts.get(i), values));
      }
      return b.toString();
    }
    String key;
    if (intrinsic.containsKey("Ref")) {
      key = (String) intrinsic.get("Ref");
      if (PSEUDO.containsKey(key)) {
        return PSEUDO.get(key);
      }
    } else if (intrinsic.containsKey("Fn::GetAtt")) {
      List<Object> getAtt = (List<Object>) intrinsic.get("Fn::GetAtt");
      key = getAtt.get(0) + "." + getAtt.get(1);
    } else {
      throw new AssertionError("cannot resolve " + part);
    }
    String value = values.get(key);
    if (value == null) {
      throw new AssertionError("no value given for " + key + " in the definition");
    }
    return value;
  }

  /** {@code json} reformatted (to read in a failure). */
  public static String pretty(String json) {
    try {
      ObjectMapper mapper = new ObjectMapper();
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(json));
    } catch (Exception e) {
      return json;
    }
  }
}
