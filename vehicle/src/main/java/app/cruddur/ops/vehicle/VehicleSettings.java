package app.cruddur.ops.vehicle;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.runner.api.DurationText;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the vehicle releases to, read once from the function's environment (set by the CDK app, see
 * {@link ReleaseVehicle}).
 *
 * @param stage the stage, for messages
 * @param context the release context of the stage
 * @param outputs the stage's deployment outputs (table, pool, database, secret ARN)
 * @param packageFingerprint the fingerprint of the deployed package
 * @param lockWait how long a release queues behind another
 */
public record VehicleSettings(
    String stage,
    String context,
    Map<String, String> outputs,
    String packageFingerprint,
    Duration lockWait) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public VehicleSettings {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(context, "context");
    outputs = Map.copyOf(outputs);
    Objects.requireNonNull(packageFingerprint, "packageFingerprint");
    Objects.requireNonNull(lockWait, "lockWait");
  }

  /**
   * The settings in {@code env}.
   *
   * @throws VehicleSetupException naming the variable that is missing or malformed
   */
  public static VehicleSettings from(Map<String, String> env) {
    String stage = required(env, ReleaseVehicle.STAGE_ENV);
    String context = required(env, ReleaseVehicle.RELEASE_CONTEXT_ENV);
    String outputsJson = required(env, ReleaseVehicle.DEPLOYMENT_OUTPUTS_ENV);
    Map<String, String> outputs;
    try {
      outputs = JSON.readValue(outputsJson, new TypeReference<TreeMap<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new VehicleSetupException(
          ReleaseVehicle.DEPLOYMENT_OUTPUTS_ENV
              + " is not a JSON object of strings ("
              + e.getOriginalMessage()
              + ")");
    }
    for (String key : outputs.keySet()) {
      if (!DeploymentOutputs.ALL_KEYS.contains(key)) {
        throw new VehicleSetupException(
            ReleaseVehicle.DEPLOYMENT_OUTPUTS_ENV
                + " has an unknown key "
                + key
                + " (known: "
                + String.join(", ", DeploymentOutputs.ALL_KEYS)
                + ")");
      }
    }
    return new VehicleSettings(
        stage,
        context,
        outputs,
        Optional.ofNullable(env.get(ReleaseVehicle.PACKAGE_ENV)).orElse(""),
        lockWait(
            Optional.ofNullable(env.get(ReleaseVehicle.LOCK_WAIT_ENV))
                .filter(v -> !v.isBlank())
                .orElse("2m")));
  }

  /** The name of this stage's release stack, which the outputs stand for in messages. */
  public String stackName() {
    return DeploymentOutputs.stackName(stage, DeploymentOutputs.RELEASE_STACK);
  }

  /** The outputs as a {@code cdk deploy --outputs-file} document with one stack. */
  public String outputsFileContent() {
    try {
      return JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsString(Map.of(stackName(), new TreeMap<>(outputs)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The outputs file's path under {@code workDir}. */
  public Path outputsFile(Path workDir) {
    return workDir.resolve(stackName() + "-outputs.json");
  }

  /** A {@code --wait} value, as the CLI reads it. */
  private static Duration lockWait(String text) {
    try {
      return DurationText.parse(text);
    } catch (RuntimeException e) {
      throw new VehicleSetupException(
          ReleaseVehicle.LOCK_WAIT_ENV + " is not a duration from 0 to 24h (" + text + ")");
    }
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new VehicleSetupException(name + " is not set");
    }
    return value;
  }
}
