package app.cruddur.ops.infra;

import app.cruddur.ops.infra.StageConfig.DatabaseSettings;
import app.cruddur.ops.model.DeploymentOutputs;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceBase;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.DatabaseInstanceFromSnapshot;
import software.amazon.awscdk.services.rds.DatabaseSecret;
import software.amazon.awscdk.services.rds.IDatabaseInstance;
import software.amazon.awscdk.services.rds.IInstanceEngine;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.SnapshotCredentials;
import software.amazon.awscdk.services.rds.StorageType;
import software.constructs.Construct;

/**
 * PostgreSQL for the {@code users} and {@code activities} tables: an RDS instance in a VPC that has
 * isolated subnets only (no internet gateway, no NAT cost), reachable on its port from inside the
 * VPC only. The master password is generated into Secrets Manager; IAM authentication is on.
 */
public final class DatabaseStack extends Stack {
  /**
   * The VPC's address range; a literal, so that checks can see the database admits nothing else.
   */
  public static final String VPC_CIDR = "10.20.0.0/16";

  /** The instance's construct id, new or restored. */
  public static final String INSTANCE_ID = "Postgres";

  private final Vpc vpc;
  private final DatabaseInstanceBase instance;
  private final SecurityGroup securityGroup;
  private final DatabaseSecret secret;
  private final boolean restored;

  /** The database stack of {@code config}, with a new, empty instance. */
  public DatabaseStack(Construct scope, String id, StackProps props, StageConfig config) {
    this(scope, id, props, config, Optional.empty());
  }

  /**
   * The database stack of {@code config}; with {@code restore}, its instance is restored from that
   * snapshot of an older instance (the data and the master user are the snapshot's; the password is
   * the generated secret's).
   */
  public DatabaseStack(
      Construct scope,
      String id,
      StackProps props,
      StageConfig config,
      Optional<ExistingResources.SnapshotRestore> restore) {
    super(scope, id, props);
    DatabaseSettings settings = config.database();

    vpc =
        Vpc.Builder.create(this, "Vpc")
            .ipAddresses(IpAddresses.cidr(VPC_CIDR))
            .maxAzs(2)
            .natGateways(0)
            .subnetConfiguration(
                List.of(
                    SubnetConfiguration.builder()
                        .name("isolated")
                        .subnetType(SubnetType.PRIVATE_ISOLATED)
                        .cidrMask(24)
                        .build()))
            // true would add a custom-resource Lambda to the stack; nothing uses the default group
            .restrictDefaultSecurityGroup(false)
            .build();
    LogGroup flowLogs =
        LogGroup.Builder.create(this, "FlowLogs")
            .retention(config.logRetention())
            .removalPolicy(config.dataRemovalPolicy())
            .build();
    vpc.addFlowLog(
        "FlowLog",
        FlowLogOptions.builder()
            .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
            .trafficType(FlowLogTrafficType.ALL)
            .build());

    securityGroup =
        SecurityGroup.Builder.create(this, "DatabaseSecurityGroup")
            .vpc(vpc)
            .description("PostgreSQL: reachable from inside the VPC only")
            .allowAllOutbound(false)
            .build();
    securityGroup.addIngressRule(
        Peer.ipv4(VPC_CIDR), Port.tcp(DatabaseSettings.PORT), "PostgreSQL from inside the VPC");

    // the log group RDS would create never expires: create it first, with a retention
    String instanceIdentifier = "cruddur-" + config.stage();
    LogGroup postgresLogs =
        LogGroup.Builder.create(this, "PostgresLogs")
            .logGroupName("/aws/rds/instance/" + instanceIdentifier + "/postgresql")
            .retention(config.logRetention())
            .removalPolicy(config.dataRemovalPolicy())
            .build();

    // a restored instance keeps the old instance's master user: the secret is generated for it
    secret =
        DatabaseSecret.Builder.create(this, "PostgresCredentials")
            .username(
                restore
                    .map(ExistingResources.SnapshotRestore::masterUsername)
                    .orElse(DatabaseSettings.MASTER_USERNAME))
            .build();
    // the credentials must outlive a retained instance (a restored one always is)
    secret.applyRemovalPolicy(
        restore.isPresent() ? RemovalPolicy.RETAIN : config.dataRemovalPolicy());

    InstanceSettings common =
        new InstanceSettings(
            instanceIdentifier,
            DatabaseInstanceEngine.postgres(
                PostgresInstanceEngineProps.builder()
                    // a minor, not a bare major (cfn-lint W3691 counts '17' as deprecated); RDS
                    // keeps it patched
                    .version(PostgresEngineVersion.VER_17_9)
                    .build()),
            new InstanceType(settings.instanceType()),
            SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build(),
            Duration.days(settings.backupRetentionDays()));
    restored = restore.isPresent();
    instance =
        restore.isPresent()
            ? restored(common, restore.get(), settings, config)
            : created(common, settings, config);
    instance.getNode().addDependency(postgresLogs);

    CfnOutput.Builder.create(this, DeploymentOutputs.DB_ENDPOINT)
        .description("PostgreSQL endpoint address (inside the VPC)")
        .value(instance.getDbInstanceEndpointAddress())
        .build();
    CfnOutput.Builder.create(this, DeploymentOutputs.DB_PORT)
        .description("PostgreSQL port")
        .value(instance.getDbInstanceEndpointPort())
        .build();
    CfnOutput.Builder.create(this, DeploymentOutputs.DB_NAME)
        .description("The database of the users and activities tables")
        .value(DatabaseSettings.DATABASE_NAME)
        .build();
    CfnOutput.Builder.create(this, DeploymentOutputs.VPC_ID)
        .description("The VPC of the database and the release vehicle")
        .value(vpc.getVpcId())
        .build();
    CfnOutput.Builder.create(this, DeploymentOutputs.ISOLATED_SUBNET_IDS)
        .description("The VPC's isolated subnets, comma-separated: where a runner in the VPC goes")
        .value(Fn.join(",", vpc.getIsolatedSubnets().stream().map(ISubnet::getSubnetId).toList()))
        .build();
    CfnOutput.Builder.create(this, DeploymentOutputs.DB_SECRET_ARN)
        .description("Secrets Manager secret with the master credentials (read it; never print it)")
        .value(secret.getSecretArn())
        .build();
  }

  /** The VPC. */
  public Vpc vpc() {
    return vpc;
  }

  /** The PostgreSQL instance, new or restored from a snapshot. */
  public IDatabaseInstance instance() {
    return instance;
  }

  /** Whether the instance is restored from a snapshot. */
  public boolean restored() {
    return restored;
  }

  /** The instance's security group. */
  public SecurityGroup securityGroup() {
    return securityGroup;
  }

  /** The generated master credentials (retained with a retained instance). */
  public DatabaseSecret secret() {
    return secret;
  }

  /**
   * What the new and the restored instance have in common (their builders share no type).
   *
   * @param identifier the instance identifier (a custom name: CloudFormation refuses to replace it,
   *     so no change of the template can swap the instance for an empty one)
   * @param engine PostgreSQL's version
   * @param instanceType the instance class
   * @param subnets the isolated subnets
   * @param backupRetention how long automated backups are kept
   */
  private record InstanceSettings(
      String identifier,
      IInstanceEngine engine,
      InstanceType instanceType,
      SubnetSelection subnets,
      Duration backupRetention) {}

  private DatabaseInstance created(
      InstanceSettings common, DatabaseSettings settings, StageConfig config) {
    return DatabaseInstance.Builder.create(this, INSTANCE_ID)
        .instanceIdentifier(common.identifier())
        .engine(common.engine())
        .instanceType(common.instanceType())
        .vpc(vpc)
        .vpcSubnets(common.subnets())
        .securityGroups(List.of(securityGroup))
        .publiclyAccessible(false)
        .port(DatabaseSettings.PORT)
        .databaseName(DatabaseSettings.DATABASE_NAME)
        .credentials(Credentials.fromSecret(secret))
        .storageEncrypted(true)
        .storageType(StorageType.GP3)
        .allocatedStorage(settings.allocatedStorageGiB())
        .maxAllocatedStorage(settings.maxAllocatedStorageGiB())
        .iamAuthentication(true)
        .backupRetention(common.backupRetention())
        .deleteAutomatedBackups(!config.production())
        .multiAz(settings.multiAz())
        .autoMinorVersionUpgrade(true)
        .cloudwatchLogsExports(List.of("postgresql"))
        .deletionProtection(config.production())
        .removalPolicy(config.dataRemovalPolicy())
        .build();
  }

  /**
   * The instance restored from {@code restore}: the database, its rows and its master user are the
   * snapshot's, and so is the storage encryption (a snapshot of an unencrypted instance must be
   * copied with a KMS key first); the password becomes the generated secret's. Retained with its
   * stack on every stage: its data is older than the stack.
   */
  private DatabaseInstanceFromSnapshot restored(
      InstanceSettings common,
      ExistingResources.SnapshotRestore restore,
      DatabaseSettings settings,
      StageConfig config) {
    return DatabaseInstanceFromSnapshot.Builder.create(this, INSTANCE_ID)
        .snapshotIdentifier(restore.snapshotIdentifier())
        .credentials(SnapshotCredentials.fromSecret(secret))
        .instanceIdentifier(common.identifier())
        .engine(common.engine())
        .instanceType(common.instanceType())
        .vpc(vpc)
        .vpcSubnets(common.subnets())
        .securityGroups(List.of(securityGroup))
        .publiclyAccessible(false)
        .port(DatabaseSettings.PORT)
        .storageType(StorageType.GP3)
        .allocatedStorage(settings.allocatedStorageGiB())
        .maxAllocatedStorage(settings.maxAllocatedStorageGiB())
        .iamAuthentication(true)
        .backupRetention(common.backupRetention())
        .deleteAutomatedBackups(false)
        .multiAz(settings.multiAz())
        .autoMinorVersionUpgrade(true)
        .cloudwatchLogsExports(List.of("postgresql"))
        .deletionProtection(config.production())
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }
}
