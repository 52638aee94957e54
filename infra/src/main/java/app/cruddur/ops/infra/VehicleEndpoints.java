package app.cruddur.ops.infra;

import java.util.List;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpoint;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The VPC endpoints of the calls a release makes from the isolated subnets, and no others (no NAT):
 * DynamoDB (gateway: the table step and the seeds), Secrets Manager (the database credentials) and
 * Cognito user pools ({@code cognito-idp}: the sync's ListUsers, the pool's identity) for the
 * vehicle and a long step's build alike; S3 (gateway: the build downloads its source, the vehicle's
 * package, from the CDK's asset bucket, the only bucket its policy admits) and CloudWatch Logs (the
 * build writes its log from inside the VPC; Lambda ships a function's output itself) for the build.
 * None for CloudFormation, since the target comes from the environment, not from DescribeStacks.
 * The interface endpoints admit HTTPS from the vehicle's security group only, which the build
 * shares.
 */
public final class VehicleEndpoints extends Construct {
  private final GatewayVpcEndpoint dynamoDb;
  private final InterfaceVpcEndpoint secretsManager;
  private final InterfaceVpcEndpoint cognitoIdp;
  private final GatewayVpcEndpoint s3;
  private final InterfaceVpcEndpoint logs;
  private final SecurityGroup securityGroup;

  /**
   * @param vpc the database's VPC
   * @param client the security group of what calls through them (the vehicle)
   * @param inEveryAz interface endpoints in every AZ, or in the first only
   */
  public VehicleEndpoints(
      Construct scope, String id, IVpc vpc, ISecurityGroup client, boolean inEveryAz) {
    super(scope, id);
    SubnetSelection isolated =
        SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
    SubnetSelection interfaceSubnets =
        inEveryAz
            ? isolated
            : SubnetSelection.builder().subnets(List.of(vpc.getIsolatedSubnets().get(0))).build();

    dynamoDb =
        GatewayVpcEndpoint.Builder.create(this, "DynamoDb")
            .vpc(vpc)
            .service(GatewayVpcEndpointAwsService.DYNAMODB)
            .subnets(List.of(isolated))
            .build();

    securityGroup =
        SecurityGroup.Builder.create(this, "SecurityGroup")
            .vpc(vpc)
            .description("Cruddur VPC endpoints: HTTPS from the release vehicle only")
            .allowAllOutbound(false)
            .build();
    securityGroup.addIngressRule(client, Port.tcp(443), "HTTPS from the release vehicle");

    secretsManager =
        endpoint(
            "SecretsManager",
            vpc,
            InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
            interfaceSubnets);
    cognitoIdp =
        endpoint("CognitoIdp", vpc, InterfaceVpcEndpointAwsService.COGNITO_IDP, interfaceSubnets);
    s3 =
        GatewayVpcEndpoint.Builder.create(this, "S3")
            .vpc(vpc)
            .service(GatewayVpcEndpointAwsService.S3)
            .subnets(List.of(isolated))
            .build();
    logs =
        endpoint(
            "CloudWatchLogs",
            vpc,
            InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
            interfaceSubnets);
  }

  /**
   * Admits, through the S3 endpoint, reading the objects of {@code bucketArn} only (the asset
   * bucket a long step's build downloads its source from): nothing else of S3 is reachable from the
   * isolated subnets.
   */
  public void admitReadsOf(String bucketArn) {
    s3.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("ReadTheAssetBucketOnly")
            .principals(List.of(new AnyPrincipal()))
            .actions(List.of("s3:GetObject", "s3:GetObjectVersion"))
            .resources(List.of(bucketArn + "/*"))
            .build());
    // what CodeBuild asks of an S3 source's bucket before it downloads (its documented policy)
    s3.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("LocateTheAssetBucket")
            .principals(List.of(new AnyPrincipal()))
            .actions(List.of("s3:GetBucketAcl", "s3:GetBucketLocation"))
            .resources(List.of(bucketArn))
            .build());
  }

  private InterfaceVpcEndpoint endpoint(
      String id, IVpc vpc, InterfaceVpcEndpointAwsService service, SubnetSelection subnets) {
    return InterfaceVpcEndpoint.Builder.create(this, id)
        .vpc(vpc)
        .service(service)
        .subnets(subnets)
        .privateDnsEnabled(true)
        .open(false)
        .securityGroups(List.of(securityGroup))
        .build();
  }

  /** The DynamoDB gateway endpoint. */
  public GatewayVpcEndpoint dynamoDb() {
    return dynamoDb;
  }

  /** The Secrets Manager interface endpoint. */
  public InterfaceVpcEndpoint secretsManager() {
    return secretsManager;
  }

  /** The S3 gateway endpoint. */
  public GatewayVpcEndpoint s3() {
    return s3;
  }

  /** The CloudWatch Logs interface endpoint. */
  public InterfaceVpcEndpoint logs() {
    return logs;
  }

  /** The Cognito user pools interface endpoint. */
  public InterfaceVpcEndpoint cognitoIdp() {
    return cognitoIdp;
  }
}
