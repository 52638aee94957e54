package app.cruddur.ops.infra;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseWorkflow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.VersionOptions;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.IDatabaseInstance;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The release vehicle: the vehicle module's package (the runner without the embedded PostgreSQL,
 * with this commit's seeders/ and migrations/) as a Java Lambda function in the isolated subnets,
 * next to PostgreSQL. Its environment names the stage's resources (see {@link ReleaseVehicle}), so
 * it can only ever release to its own stage.
 *
 * <p>Its security group reaches PostgreSQL and HTTPS only, and the subnets route HTTPS nowhere but
 * to the VPC endpoints (see {@link VehicleEndpoints}). Its role may use the stage's table and its
 * indexes, read the stage's pool and users, read the database secret, manage its own network
 * interfaces and write its own log group: nothing else.
 */
public final class ReleaseVehicleFunction extends Construct {
  private final Function function;
  private final SecurityGroup securityGroup;
  private final LogGroup logGroup;
  private final Role role;
  private final String packageFingerprint;
  private final Map<String, String> target;
  private final Map<String, String> environment;
  private final List<PolicyStatement> releaseStatements;
  private final Alias alias;

  /**
   * What the vehicle needs.
   *
   * @param stage the stage (its name is in the function's)
   * @param vehicleJar the vehicle module's package
   * @param settings memory, timeout, context, lock wait
   * @param vpc the database's VPC
   * @param vpcCidr the VPC's range (PostgreSQL admits it)
   * @param table the messages table
   * @param userPool the user pool
   * @param database the PostgreSQL instance
   * @param secret its credentials
   * @param logRetention of its log group
   * @param removalPolicy of its log group
   */
  public record Props(
      String stage,
      Path vehicleJar,
      StageConfig.ReleaseSettings settings,
      IVpc vpc,
      String vpcCidr,
      ITable table,
      IUserPool userPool,
      IDatabaseInstance database,
      ISecret secret,
      RetentionDays logRetention,
      RemovalPolicy removalPolicy) {
    public Props {
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(vehicleJar, "vehicleJar");
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(vpc, "vpc");
      Objects.requireNonNull(vpcCidr, "vpcCidr");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(userPool, "userPool");
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(secret, "secret");
      Objects.requireNonNull(logRetention, "logRetention");
      Objects.requireNonNull(removalPolicy, "removalPolicy");
    }
  }

  /** Defines the function, its role, security group and log group. */
  public ReleaseVehicleFunction(Construct scope, String id, Props props) {
    super(scope, id);
    String functionName = ReleaseVehicle.functionName(props.stage());
    packageFingerprint = fingerprint(props.vehicleJar());

    securityGroup =
        SecurityGroup.Builder.create(this, "SecurityGroup")
            .vpc(props.vpc())
            .description("Cruddur release vehicle: PostgreSQL, and HTTPS to the VPC endpoints")
            .allowAllOutbound(false)
            .build();
    // Isolated subnets route HTTPS nowhere but to the interface endpoints (in the VPC) and the
    // DynamoDB
    // gateway endpoint, whose prefix list differs per region (unknown to an offline synth).
    securityGroup.addEgressRule(
        Peer.anyIpv4(), Port.tcp(443), "HTTPS: the VPC endpoints and the DynamoDB gateway");
    securityGroup.addEgressRule(
        Peer.ipv4(props.vpcCidr()),
        Port.tcp(StageConfig.DatabaseSettings.PORT),
        "PostgreSQL in the VPC");

    JavaFunction lambda =
        JavaFunction.logsAndRole(
            this,
            "",
            Optional.of(ReleaseVehicle.logGroup(functionName)),
            "Cruddur release vehicle: the stage's table, pool and database secret; its own ENIs"
                + " and logs",
            props.logRetention(),
            props.removalPolicy());
    logGroup = lambda.logGroup();
    role = lambda.role();
    releaseStatements =
        List.of(
            useTheTable(props.table().getTableArn()),
            readThePool(props.userPool().getUserPoolId()),
            readTheSecret(props.secret().getSecretArn()));
    releaseStatements.forEach(role::addToPolicy);
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("ManageItsNetworkInterfaces")
            // what Lambda needs to attach a function to a VPC (AWSLambdaVPCAccessExecutionRole's
            // actions)
            .actions(
                List.of(
                    "ec2:CreateNetworkInterface",
                    "ec2:DescribeNetworkInterfaces",
                    "ec2:DescribeSubnets",
                    "ec2:DeleteNetworkInterface",
                    "ec2:AssignPrivateIpAddresses",
                    "ec2:UnassignPrivateIpAddresses"))
            .resources(List.of("*"))
            .build());

    target =
        new TreeMap<>(
            Map.of(
                DeploymentOutputs.TABLE_NAME, props.table().getTableName(),
                DeploymentOutputs.USER_POOL_ID, props.userPool().getUserPoolId(),
                DeploymentOutputs.DB_ENDPOINT, props.database().getDbInstanceEndpointAddress(),
                DeploymentOutputs.DB_PORT, props.database().getDbInstanceEndpointPort(),
                DeploymentOutputs.DB_NAME, StageConfig.DatabaseSettings.DATABASE_NAME,
                DeploymentOutputs.DB_SECRET_ARN, props.secret().getSecretArn()));

    StageConfig.ReleaseSettings settings = props.settings();
    environment =
        new TreeMap<>(
            Map.of(
                ReleaseVehicle.STAGE_ENV,
                props.stage(),
                ReleaseVehicle.RELEASE_CONTEXT_ENV,
                settings.context(),
                ReleaseVehicle.LOCK_WAIT_ENV,
                settings.lockWait(),
                ReleaseVehicle.PACKAGE_ENV,
                packageFingerprint,
                ReleaseVehicle.DEPLOYMENT_OUTPUTS_ENV,
                Stack.of(this).toJsonString(target)));
    function =
        lambda
            .function(
                this,
                "Function",
                ReleaseVehicle.HANDLER,
                Code.fromAsset(props.vehicleJar().toString()))
            .functionName(functionName)
            .description(
                "Cruddur release vehicle: cruddur release/status/validate inside the VPC ("
                    + props.stage()
                    + ")")
            .memorySize(settings.memoryMb())
            .timeout(Duration.seconds(settings.timeout().toSeconds()))
            .vpc(props.vpc())
            .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
            .securityGroups(List.of(securityGroup))
            .environment(JavaFunction.c1Only(environment))
            // each published version is initialized once and its snapshot restored on a cold
            // start (the handler creates nothing unique at init; credentials come from the
            // container endpoint SnapStart provides, which the runner's chain reads)
            .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
            // a replaced version is deleted once the deployment is done (none pile up)
            .currentVersionOptions(
                VersionOptions.builder().removalPolicy(RemovalPolicy.DESTROY).build())
            .build();
    alias =
        Alias.Builder.create(this, "Live")
            .aliasName(ReleaseWorkflow.VEHICLE_ALIAS)
            .version(function.getCurrentVersion())
            .description("The published version the release workflow invokes (SnapStart)")
            .build();
    // the CDK warns at the function's construction, before the version above exists
    Annotations.of(function)
        .acknowledgeWarning(
            "@aws-cdk/aws-lambda:snapStartRequirePublish",
            "Published: the alias live points at the function's current version");
    // Lambda checks the ENI permissions when it creates a VPC function: the CDK's Function already
    // depends on its role's policy, so the policy comes first
  }

  /** What a release does with the messages table (a transaction needs its items' actions). */
  static final List<String> TABLE_ACTIONS =
      List.of(
          "dynamodb:DescribeTable",
          "dynamodb:GetItem",
          "dynamodb:BatchGetItem",
          "dynamodb:Query",
          "dynamodb:Scan",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
          "dynamodb:BatchWriteItem",
          "dynamodb:ConditionCheckItem");

  /** The messages table and its indexes, as a release uses them. */
  static PolicyStatement useTheTable(String tableArn) {
    return PolicyStatement.Builder.create()
        .sid("UseTheMessagesTable")
        .actions(TABLE_ACTIONS)
        .resources(resources(tableArn))
        .build();
  }

  private PolicyStatement readThePool(String userPoolId) {
    return PolicyStatement.Builder.create()
        .sid("ReadTheUserPool")
        .actions(List.of("cognito-idp:DescribeUserPool", "cognito-idp:ListUsers"))
        // the ARN from the pool's id (a Ref), not its Arn attribute: moto cannot export that
        // attribute
        .resources(
            List.of(
                Stack.of(this)
                    .formatArn(
                        ArnComponents.builder()
                            .service("cognito-idp")
                            .resource("userpool")
                            .resourceName(userPoolId)
                            .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                            .build())))
        .build();
  }

  private static PolicyStatement readTheSecret(String secretArn) {
    return PolicyStatement.Builder.create()
        .sid("ReadTheDatabaseSecret")
        .actions(List.of("secretsmanager:GetSecretValue"))
        .resources(List.of(secretArn))
        .build();
  }

  /**
   * Gives {@code role} what a release needs of the stage, exactly the vehicle's own: the table and
   * its indexes, the user pool, the database secret (a long step's build releases as the vehicle
   * does).
   */
  public void grantRelease(IRole other) {
    releaseStatements.forEach(other::addToPrincipalPolicy);
  }

  /**
   * The table and each of its indexes by name (no wildcard): the model's indexes are the deployed
   * ones.
   */
  private static List<String> resources(String tableArn) {
    List<String> arns = new java.util.ArrayList<>(List.of(tableArn));
    MessagesTable.definition()
        .globalIndexes()
        .forEach(index -> arns.add(tableArn + "/index/" + index.indexName()));
    return arns;
  }

  /** The Lambda function. */
  public Function function() {
    return function;
  }

  /** The alias of its current published version (SnapStart), which the workflow invokes. */
  public Alias alias() {
    return alias;
  }

  /**
   * The variables the vehicle reads ({@link ReleaseVehicle}): what anything releasing as the
   * vehicle does (a long step's build) or acting for it (the deploy-time handlers) is given.
   */
  public Map<String, String> environment() {
    return environment;
  }

  /** Its security group (also the one a runner in the VPC takes). */
  public SecurityGroup securityGroup() {
    return securityGroup;
  }

  /** Its log group, with a retention. */
  public LogGroup logGroup() {
    return logGroup;
  }

  /** Its role. */
  public Role role() {
    return role;
  }

  /** The package's fingerprint: it changes exactly when the runner, seeders/ or migrations/ do. */
  public String packageFingerprint() {
    return packageFingerprint;
  }

  /** The deployment outputs the function releases to (tokens), by {@link DeploymentOutputs} key. */
  public Map<String, String> target() {
    return target;
  }

  /**
   * {@code sha256:} and the first 16 hex digits of the package's SHA-256 (the build is
   * reproducible).
   */
  static String fingerprint(Path jar) {
    try (InputStream in = Files.newInputStream(jar)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
      return "sha256:" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the vehicle package " + jar, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
