package app.cruddur.ops.infra;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * How each of our Lambda functions is made, said once: Java 25 on ARM; a log group of its own; an
 * explicit role that Lambda assumes, with no managed policy, which may write that log group and
 * whatever else its construct names statement by statement.
 *
 * <p>The log group and the role are {@code <prefix>Logs} and {@code <prefix>Role} in the scope
 * given, beside the function: the logical ids of what is deployed stay as they are.
 */
final class JavaFunction {
  /** For a JVM that lives seconds or minutes: C1 only starts faster. */
  static final String C1_ONLY = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

  private final LogGroup logGroup;
  private final Role role;

  private JavaFunction(LogGroup logGroup, Role role) {
    this.logGroup = logGroup;
    this.role = role;
  }

  /**
   * The log group and the role of a function to come, in {@code scope}.
   *
   * @param prefix of their ids
   * @param logGroupName the log group's name, where one is wanted (else CloudFormation names it)
   * @param roleDescription what the role may do, as IAM shows it
   * @param logRetention of the log group
   * @param removalPolicy of the log group
   */
  static JavaFunction logsAndRole(
      Construct scope,
      String prefix,
      Optional<String> logGroupName,
      String roleDescription,
      RetentionDays logRetention,
      RemovalPolicy removalPolicy) {
    LogGroup.Builder logs = LogGroup.Builder.create(scope, prefix + "Logs");
    logGroupName.ifPresent(logs::logGroupName);
    LogGroup logGroup = logs.retention(logRetention).removalPolicy(removalPolicy).build();
    Role role =
        Role.Builder.create(scope, prefix + "Role")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description(roleDescription)
            .build();
    logGroup.grantWrite(role);
    return new JavaFunction(logGroup, role);
  }

  /**
   * The function {@code id} in {@code scope}: {@code handler} of the package {@code code}, on Java
   * 25 and ARM, with this role and log group; the caller adds what is its own (memory, timeout,
   * environment, network) and builds it.
   */
  Function.Builder function(Construct scope, String id, String handler, Code code) {
    return Function.Builder.create(scope, id)
        .runtime(Runtime.JAVA_25)
        .architecture(Architecture.ARM_64)
        .handler(handler)
        .code(code)
        .role(role)
        .logGroup(logGroup);
  }

  /** {@code environment} in key order (the template must not change between JVMs), C1 only. */
  static Map<String, String> c1Only(Map<String, String> environment) {
    Map<String, String> sorted = new TreeMap<>(environment);
    sorted.put("JAVA_TOOL_OPTIONS", C1_ONLY);
    return sorted;
  }

  /** The function's log group. */
  LogGroup logGroup() {
    return logGroup;
  }

  /** The function's role. */
  Role role() {
    return role;
  }
}
