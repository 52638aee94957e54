package app.cruddur.ops.model;

import java.util.List;

/**
 * The CloudFormation outputs of the CDK app: what the runner and pipelines read to find the
 * deployed resources (the file {@code cdk deploy --outputs-file} writes, or DescribeStacks).
 *
 * <p>Each key is an output's logical id, unique across the app's stacks and without an export, so
 * {@code cdk-outputs.json} is {@code {"<stack name>": {"<key>": "<value>", ...}, ...}} and a reader
 * may merge the stacks' maps. The stacks are named {@code cruddur-<stage>-<part>}.
 */
public final class DeploymentOutputs {
  /** Prefix of every stack name, followed by the stage and a part. */
  public static final String STACK_PREFIX = "cruddur-";

  /** Part of the stack with the messages table and its stream processor. */
  public static final String DATA_STACK = "data";

  /** Part of the stack with the Cognito user pool. */
  public static final String AUTH_STACK = "auth";

  /** Part of the stack with the VPC and the PostgreSQL instance. */
  public static final String DATABASE_STACK = "database";

  /** Part of the stack with the release vehicle (the runner in the VPC) and its endpoints. */
  public static final String RELEASE_STACK = "release";

  /** Data stack: the messages table's name. */
  public static final String TABLE_NAME = "TableName";

  /** Data stack: the ARN of the table's stream. */
  public static final String TABLE_STREAM_ARN = "TableStreamArn";

  /** Auth stack: the user pool id. */
  public static final String USER_POOL_ID = "UserPoolId";

  /** Auth stack: the app client id (no secret; SRP). */
  public static final String USER_POOL_CLIENT_ID = "UserPoolClientId";

  /** Database stack: the instance's endpoint address (resolvable inside the VPC). */
  public static final String DB_ENDPOINT = "DbEndpoint";

  /** Database stack: the instance's port. */
  public static final String DB_PORT = "DbPort";

  /** Database stack: the database name. */
  public static final String DB_NAME = "DbName";

  /**
   * Database stack: the ARN of the Secrets Manager secret holding the credentials (never the
   * password).
   */
  public static final String DB_SECRET_ARN = "DbSecretArn";

  /** Database stack: the VPC the database and the release vehicle are in. */
  public static final String VPC_ID = "VpcId";

  /**
   * Database stack: the VPC's isolated subnets, comma-separated (where a runner in the VPC goes).
   */
  public static final String ISOLATED_SUBNET_IDS = "IsolatedSubnetIds";

  /**
   * Release stack: the security group of a runner in the VPC (reaches PostgreSQL and the
   * endpoints).
   */
  public static final String RELEASE_SECURITY_GROUP_ID = "ReleaseSecurityGroupId";

  /** Release stack: the release vehicle's Lambda function (invoke it to release, or for status). */
  public static final String RELEASE_FUNCTION_NAME = "ReleaseFunctionName";

  /**
   * Release stack: the release workflow's state machine (start it to release in slices; see {@link
   * ReleaseWorkflow}).
   */
  public static final String RELEASE_WORKFLOW_ARN = "ReleaseWorkflowArn";

  /** Every output key, in the order above. */
  public static final List<String> ALL_KEYS =
      List.of(
          TABLE_NAME,
          TABLE_STREAM_ARN,
          USER_POOL_ID,
          USER_POOL_CLIENT_ID,
          DB_ENDPOINT,
          DB_PORT,
          DB_NAME,
          DB_SECRET_ARN,
          VPC_ID,
          ISOLATED_SUBNET_IDS,
          RELEASE_SECURITY_GROUP_ID,
          RELEASE_FUNCTION_NAME,
          RELEASE_WORKFLOW_ARN);

  private DeploymentOutputs() {}

  /** The name of the stack of {@code part} in {@code stage}, e.g. {@code cruddur-prod-data}. */
  public static String stackName(String stage, String part) {
    return STACK_PREFIX + stage + "-" + part;
  }
}
