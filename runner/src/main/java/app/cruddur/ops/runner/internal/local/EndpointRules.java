package app.cruddur.ops.runner.internal.local;

import app.cruddur.ops.runner.api.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Botocore endpoint rule sets that send DynamoDB, DynamoDB Streams and Cognito to the local engine:
 * the directory {@code AWS_DATA_PATH} names in {@code cruddur local env}.
 *
 * <p>boto3 from 1.28 on reads {@code AWS_ENDPOINT_URL}; the app's {@code Ddb.client()} passes it
 * itself. Older boto3 (the course's), and any boto3 with {@code
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}, ignore it, and the course's Cognito scripts call
 * {@code boto3.client('cognito-idp')} with no endpoint, which would reach AWS. Every botocore of
 * the rule-set era reads these rules instead of its own (an endpoint a client passes explicitly
 * still wins), so those three services come here.
 */
public final class EndpointRules {
  /** The services whose endpoint rules are overridden, with their API versions. */
  static final List<String[]> SERVICES =
      List.of(
          new String[] {"dynamodb", "2012-08-10"},
          new String[] {"dynamodbstreams", "2012-08-10"},
          new String[] {"cognito-idp", "2016-04-18"});

  private EndpointRules() {}

  /**
   * Writes, for each of {@link #SERVICES}, {@code <service>/<version>/endpoint-rule-set-1.json}
   * under the layout's {@link LocalLayout#awsDataPath()}: an endpoint given by the client wins,
   * else {@code endpoint}. Rewritten only when it differs (the port changes with the environment),
   * and atomically. Returns the directory.
   */
  public static Path write(LocalLayout layout, String endpoint) {
    Path dir = layout.awsDataPath();
    String rules = ruleSet(endpoint);
    try {
      for (String[] service : SERVICES) {
        Path file = dir.resolve(service[0]).resolve(service[1]).resolve("endpoint-rule-set-1.json");
        if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(rules)) {
          Files.createDirectories(file.getParent());
          Path partial = file.resolveSibling(file.getFileName() + ".tmp");
          Files.writeString(partial, rules, StandardCharsets.UTF_8);
          Files.move(
              partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the endpoint rules in " + dir, e);
    }
  }

  private static String ruleSet(String endpoint) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("version", "1.0");
    ObjectNode parameters = root.putObject("parameters");
    parameter(parameters, "Region", "AWS::Region", "The region the client was built for");
    parameter(parameters, "Endpoint", "SDK::Endpoint", "An endpoint the client was given: it wins");
    ArrayNode rules = root.putArray("rules");
    ObjectNode given = rules.addObject();
    ObjectNode isSet = given.putArray("conditions").addObject();
    isSet.put("fn", "isSet");
    isSet.putArray("argv").addObject().put("ref", "Endpoint");
    endpoint(given, "{Endpoint}");
    ObjectNode local = rules.addObject();
    local.putArray("conditions");
    endpoint(local, endpoint);
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void parameter(
      ObjectNode parameters, String name, String builtIn, String documentation) {
    ObjectNode p = parameters.putObject(name);
    p.put("builtIn", builtIn);
    p.put("required", false);
    p.put("documentation", documentation);
    p.put("type", "string");
  }

  private static void endpoint(ObjectNode rule, String url) {
    ObjectNode e = rule.putObject("endpoint");
    e.put("url", url);
    e.putObject("properties");
    e.putObject("headers");
    rule.put("type", "endpoint");
  }
}
