package app.cruddur.ops.infra;

import app.cruddur.ops.infra.StageConfig.DatabaseSettings;
import app.cruddur.ops.model.DeploymentOutputs;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
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
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.DatabaseSecret;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
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

  private final Vpc vpc;
  private final DatabaseInstance instance;
  private final SecurityGroup securityGroup;
  private final DatabaseSecret secret;

  /** The database stack of {@code config}. */
  public DatabaseStack(Construct scope, String id, StackProps props, StageConfig config) {
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

    secret =
        DatabaseSecret.Builder.create(this, "PostgresCredentials")
            .username(DatabaseSettings.MASTER_USERNAME)
            .build();
    // the credentials must outlive a retained instance
    secret.applyRemovalPolicy(config.dataRemovalPolicy());

    instance =
        DatabaseInstance.Builder.create(this, "Postgres")
            .instanceIdentifier(instanceIdentifier)
            .engine(
                DatabaseInstanceEngine.postgres(
                    PostgresInstanceEngineProps.builder()
                        // a minor, not a bare major (cfn-lint W3691 counts '17' as deprecated); RDS
                        // keeps it patched
                        .version(PostgresEngineVersion.VER_17_9)
                        .build()))
            .instanceType(new InstanceType(settings.instanceType()))
            .vpc(vpc)
            .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
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
            .backupRetention(Duration.days(settings.backupRetentionDays()))
            .deleteAutomatedBackups(!config.production())
            .multiAz(settings.multiAz())
            .autoMinorVersionUpgrade(true)
            .cloudwatchLogsExports(List.of("postgresql"))
            .deletionProtection(config.production())
            .removalPolicy(config.dataRemovalPolicy())
            .build();
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

  /** The PostgreSQL instance. */
  public DatabaseInstance instance() {
    return instance;
  }

  /** The instance's security group. */
  public SecurityGroup securityGroup() {
    return securityGroup;
  }

  /** The generated master credentials (retained with a retained instance). */
  public DatabaseSecret secret() {
    return secret;
  }
}
