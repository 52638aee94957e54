package app.cruddur.ops.runner.internal.targets;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * The outputs of a deployment of the CDK app ({@link DeploymentOutputs}): from the file {@code cdk
 * deploy --outputs-file} writes, or from CloudFormation's DescribeStacks. The app's stacks have
 * distinct output keys, so their maps merge into one.
 *
 * @param source where they came from, for messages
 * @param outputs output key to value
 */
public record Deployment(String source, Map<String, String> outputs) {
  /** The parts of a stage's stacks, in deployment order. */
  private static final List<String> PARTS =
      List.of(
          DeploymentOutputs.DATA_STACK,
          DeploymentOutputs.AUTH_STACK,
          DeploymentOutputs.DATABASE_STACK,
          DeploymentOutputs.RELEASE_STACK);

  /** An output, if the deployment has it. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(outputs.get(key)).filter(v -> !v.isBlank());
  }

  /** An output the runner needs. */
  public String require(String key, String purpose) {
    return get(key)
        .orElseThrow(
            () ->
                CruddurException.of(
                    ErrorCode.DEPLOYMENT,
                    source + " has no output " + key + " (needed for " + purpose + ")",
                    "Deploy the app's stacks (npx cdk deploy --all --outputs-file cdk-outputs.json)"
                        + " or pass the value explicitly"));
  }

  /**
   * Reads a {@code cdk deploy --outputs-file} file: {@code {"stack": {"Key": "value"}, ...}}.
   *
   * @throws CruddurException exit 2 naming the file when it is missing or not such a file
   */
  public static Deployment fromFile(Path file) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw CruddurException.of(
          ErrorCode.BAD_OUTPUTS_FILE,
          file + " line " + e.getLocation().getLineNr() + ": not JSON: " + e.getOriginalMessage(),
          "Pass the file `cdk deploy --outputs-file` writes");
    } catch (java.nio.file.NoSuchFileException e) {
      throw CruddurException.of(
          ErrorCode.BAD_OUTPUTS_FILE,
          "the deployment outputs file " + file + " does not exist",
          "Pass the file `cdk deploy --outputs-file` writes (npx cdk deploy --all --outputs-file"
              + " cdk-outputs.json)");
    } catch (java.nio.file.AccessDeniedException e) {
      throw CruddurException.of(
          ErrorCode.BAD_OUTPUTS_FILE,
          "the deployment outputs file " + file + " is not readable (permission denied)",
          "Make it readable (chmod u+r " + file + ") or pass another");
    } catch (IOException e) {
      throw CruddurException.of(
          ErrorCode.BAD_OUTPUTS_FILE,
          "the deployment outputs file "
              + file
              + " cannot be read ("
              + (Files.isDirectory(file)
                  ? "it is a directory"
                  : e.getClass().getSimpleName() + ": " + e.getMessage())
              + ")",
          "Pass the file `cdk deploy --outputs-file` writes");
    }
    if (root == null || !root.isObject()) {
      throw CruddurException.of(
          ErrorCode.BAD_OUTPUTS_FILE,
          file + " is not a deployment outputs file (expected {\"stack\": {\"Key\": \"value\"}})",
          "Pass the file `cdk deploy --outputs-file` writes");
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> stacks = root.fields(); stacks.hasNext(); ) {
      Map.Entry<String, JsonNode> stack = stacks.next();
      if (!stack.getValue().isObject()) {
        throw CruddurException.of(
            ErrorCode.BAD_OUTPUTS_FILE,
            file + ": stack " + stack.getKey() + " is not a map of outputs",
            "Pass the file `cdk deploy --outputs-file` writes");
      }
      stack
          .getValue()
          .fields()
          .forEachRemaining(
              o -> {
                if (DeploymentOutputs.ALL_KEYS.contains(o.getKey())) {
                  outputs.put(o.getKey(), o.getValue().asText());
                }
              });
    }
    if (outputs.isEmpty()) {
      throw CruddurException.of(
          ErrorCode.BAD_OUTPUTS_FILE,
          file
              + " has none of the app's outputs ("
              + String.join(", ", DeploymentOutputs.ALL_KEYS)
              + ")",
          "Pass the outputs file of this app's `cdk deploy`");
    }
    return new Deployment(file.toString(), outputs);
  }

  /**
   * Reads the outputs of the app's stacks: {@code name} is a stack name, or the prefix of the app's
   * stacks of one stage ({@code cruddur-prod} for cruddur-prod-data, -auth, -database, -release).
   *
   * @throws CruddurException exit 2 ({@code UNKNOWN_STACK}) when no such stack exists
   */
  public static Deployment fromStacks(CloudFormationClient cloudFormation, String name) {
    List<String> names = new ArrayList<>();
    if (endsWithPart(name)) {
      names.add(name);
    } else {
      for (String part : PARTS) {
        names.add(name + "-" + part);
      }
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    List<String> found = new ArrayList<>();
    for (String stackName : names) {
      try {
        for (Stack stack :
            cloudFormation.describeStacksPaginator(b -> b.stackName(stackName)).stacks()) {
          found.add(stack.stackName());
          for (Output o : stack.outputs()) {
            if (DeploymentOutputs.ALL_KEYS.contains(o.outputKey())) {
              outputs.put(o.outputKey(), o.outputValue());
            }
          }
        }
      } catch (CloudFormationException e) {
        if (e.statusCode() != 400 || !String.valueOf(e.getMessage()).contains("does not exist")) {
          throw e;
        }
      }
    }
    if (found.isEmpty()) {
      throw CruddurException.of(
          ErrorCode.UNKNOWN_STACK,
          "no stack " + String.join(", ", names) + " in this account and region",
          "Check --stack (a stack of the app, or its stage prefix cruddur-<stage>), --profile and"
              + " --region (`npx cdk list -c stage=<stage>` shows the app's stack names)");
    }
    return new Deployment("stack " + String.join(", ", found), outputs);
  }

  private static boolean endsWithPart(String name) {
    return PARTS.stream().anyMatch(part -> name.endsWith("-" + part));
  }
}
