package app.cruddur.ops.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * Every cdk-nag AwsSolutions finding this app accepts, each on the one resource it concerns, with
 * its reason. Anything not listed here fails {@code cdk synth}; a new finding is either fixed or
 * added here with a reason a reviewer can judge.
 */
public final class AcceptedNagFindings {
  private AcceptedNagFindings() {}

  /** Applies the accepted findings to the stacks of {@code config}. */
  public static void apply(CruddurApp.Stacks stacks, StageConfig config) {
    // no consumer while the table is being imported (it has no stream yet)
    stacks
        .data()
        .streamConsumer()
        .ifPresent(
            consumer -> {
              accept(
                  consumer.failureQueue(),
                  rule(
                      "AwsSolutions-SQS3",
                      "This queue is the on-failure destination of the stream's event source"
                          + " mapping, i.e. it is the dead-letter queue; it needs none of its"
                          + " own."));
              accept(
                  consumer.function().getRole(),
                  rule(
                      "AwsSolutions-IAM5",
                      "dynamodb:ListStreams supports no resource-level permission; the event source"
                          + " mapping needs it (added by the CDK's DynamoEventSource). Every other"
                          + " action names its resource.",
                      "Resource::*"));
            });

    if (stacks.data().importing()) {
      accept(
          stacks.data().table(),
          rule(
              "AwsSolutions-DDB3",
              "Only in the template cdk import uses: it states the table as bin/ddb/schema-load"
                  + " made it, without point-in-time recovery, because CloudFormation changes"
                  + " nothing while it imports. The deploy right after the import turns recovery on"
                  + " (the model's table)."));
    }

    // a pool the stage refers to is not the stage's: nothing of it is checked or accepted here
    stacks
        .auth()
        .ownedPool()
        .ifPresent(
            pool ->
                accept(
                    pool,
                    rule(
                        "AwsSolutions-COG2",
                        "MFA is optional (TOTP): Cruddur's web sign-in (SRP) has no MFA step yet;"
                            + " users can enrol."),
                    rule(
                        "AwsSolutions-COG3",
                        "Threat protection (advanced security) needs the Plus feature plan; its"
                            + " cost is not justified for this app. Password policy and email"
                            + " verification are in place.")));

    DatabaseStack database = stacks.database();
    accept(
        database.secret(),
        rule(
            "AwsSolutions-SMG4",
            "Rotation needs a rotation function (from the Serverless Application Repository) in the"
                + " VPC; not set up yet: the release reads the secret on every run and the app"
                + " connects with IAM authentication, so a rotation can be added without changing"
                + " either."));
    List<NagPackSuppression> instance = new ArrayList<>();
    instance.add(
        rule(
            "AwsSolutions-RDS11",
            "PostgreSQL's default port: the instance is in isolated subnets and admits the VPC's"
                + " own range only; another port would add no protection."));
    if (!config.production()) {
      instance.add(
          rule(
              "AwsSolutions-RDS3",
              "Development stage: single-AZ to halve the cost; prod is multi-AZ."));
      instance.add(
          rule(
              "AwsSolutions-RDS10",
              "Development stage: deleted with its stack on purpose; prod has deletion"
                  + " protection."));
    }
    if (database.restored()) {
      instance.add(
          rule(
              "AwsSolutions-RDS2",
              "A restored instance's storage encryption is its snapshot's (CloudFormation refuses"
                  + " StorageEncrypted with a snapshot). The course's create-db-instance used"
                  + " --storage-encrypted; a snapshot of an unencrypted instance is copied with"
                  + " --kms-key-id before the restore (README, adopting a deployment)."));
    }
    accept(database.instance(), instance.toArray(NagPackSuppression[]::new));

    ReleaseStack release = stacks.release();
    accept(
        release.vehicle().role(),
        rule(
            "AwsSolutions-IAM5",
            "A function in a VPC needs ec2:CreateNetworkInterface, DescribeNetworkInterfaces,"
                + " DescribeSubnets, DeleteNetworkInterface, Assign/UnassignPrivateIpAddresses (the"
                + " actions of AWSLambdaVPCAccessExecutionRole); the Describe actions support no"
                + " resource-level permission. Every other statement names the stage's table,"
                + " index, pool or secret.",
            "Resource::*"));
    LongStepProject longSteps = release.longSteps();
    accept(
        longSteps.project(),
        rule(
            "AwsSolutions-CB4",
            "The long-step project builds no artifacts: its only output is its log, in a log group"
                + " of ours with a retention; its source is the CDK's asset bucket (S3-managed"
                + " encryption). A KMS key would protect nothing more."),
        rule(
            "AwsSolutions-IAM5",
            "Written by the CDK for a project in a VPC and with an S3 source: the VPC's"
                + " network-interface actions (Describe* support no resource-level permission;"
                + " CreateNetworkInterfacePermission is limited to the isolated subnets by"
                + " condition), reading the CDK asset bucket that holds its source (the S3 gateway"
                + " endpoint admits reads of that bucket only), and its default log group and"
                + " report groups, named after the project.",
            "Resource::*",
            "Action::s3:GetBucket*",
            "Action::s3:GetObject*",
            "Action::s3:List*",
            "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*",
            "Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:network-interface/*",
            "Resource::arn:<AWS::Partition>:codebuild:<AWS::Region>:<AWS::AccountId>:report-group/<"
                + logicalId(longSteps.project())
                + ">-*",
            "Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/codebuild/<"
                + logicalId(longSteps.project())
                + ">:*"));
    accept(
        release.workflow().stateMachine(),
        rule(
            "AwsSolutions-IAM5",
            "Step Functions' log delivery (logs:CreateLogDelivery and the rest) and X-Ray tracing"
                + " (xray:PutTraceSegments, ...) support no resource-level permission. The role may"
                + " invoke the vehicle's alias live (the CDK adds <alias arn>:*, which names"
                + " nothing more) and the migration worker (<worker arn>:*, its versions) and no"
                + " other function, and start and stop the long-step project only. The"
                + " Distributed Map's policy (the CDK's) lets it start, describe and stop the"
                + " child executions of its own map runs, which are named at run time"
                + " (<state machine>/Segments:<run>:<child>).",
            "Resource::*",
            "Resource::<" + logicalId(release.vehicle().function()) + ".Arn>:live:*",
            "Resource::<" + logicalId(release.migrationWorkers().function()) + ".Arn>:*",
            "Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:"
                + "{\"Fn::Select\":[6,{\"Fn::Split\":[\":\",{\"Ref\":\""
                + logicalId(release.workflow().stateMachine())
                + "\"}]}]}:*",
            "Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:"
                + "{\"Fn::Select\":[6,{\"Fn::Split\":[\":\",{\"Ref\":\""
                + logicalId(release.workflow().stateMachine())
                + "\"}]}]}/Segments:*"));
    release
        .deployTimeRelease()
        .ifPresent(
            deploy -> {
              String executions =
                  "Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<"
                      + logicalId(release.workflow().stateMachine())
                      + ".Name>:*";
              for (IConstruct handler :
                  List.of(deploy.start().getRole(), deploy.check().getRole())) {
                accept(
                    handler,
                    rule(
                        "AwsSolutions-IAM5",
                        "The executions of the stage's release workflow are named per deployment"
                            + " (deploy-<request id>): the handler may describe or stop that state"
                            + " machine's executions and no other's.",
                        executions));
              }
              accept(
                  deploy.provider(),
                  rule(
                      "AwsSolutions-IAM4",
                      "The CDK Provider framework's own function (not ours) logs with"
                          + " AWSLambdaBasicExecutionRole; its log group is ours, with a"
                          + " retention.",
                      "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
                  rule(
                      "AwsSolutions-IAM5",
                      "The Provider framework's functions and its waiter may invoke the versions"
                          + " (<arn>:*) of the deploy-time handlers and of its own functions: each"
                          + " names one function. The waiter's log delivery to the provider's log"
                          + " group (logs:CreateLogDelivery and the rest) supports no"
                          + " resource-level permission.",
                      "Resource::*",
                      "Resource::<" + logicalId(deploy.start()) + ".Arn>:*",
                      "Resource::<" + logicalId(deploy.check()) + ".Arn>:*",
                      "Resource::<"
                          + logicalId(deploy.provider().getNode().findChild("framework-isComplete"))
                          + ".Arn>:*",
                      "Resource::<"
                          + logicalId(deploy.provider().getNode().findChild("framework-onTimeout"))
                          + ".Arn>:*"),
                  rule(
                      "AwsSolutions-SF2",
                      "The framework's waiter only polls the isComplete handler; the CDK offers"
                          + " no tracing option for it. The release workflow it waits for is"
                          + " traced."));
            });
  }

  /** The logical id of {@code construct}'s CloudFormation resource, as cdk-nag names it. */
  private static String logicalId(IConstruct construct) {
    IConstruct resource =
        construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
    return Stack.of(construct).getLogicalId((CfnElement) resource);
  }

  /**
   * The findings accepted on the CDK Pipelines option: all on resources the CDK Pipelines library
   * generates (its roles, CodeBuild projects and artifact bucket), none on ours.
   */
  public static void applyToPipeline(PipelineStack stack) {
    accept(
        stack.pipeline(),
        rule(
            "AwsSolutions-IAM5",
            "CDK Pipelines generates its roles' policies: s3:GetObject*/List*/... on its own"
                + " artifact bucket's objects, its CodeBuild projects' log groups and report"
                + " groups, and the bootstrap roles it assumes. The release steps' own statements"
                + " name the stage's one function and one release workflow; its executions are"
                + " execution:cruddur-<stage>-release:* (an execution's name is chosen when it"
                + " starts)."),
        rule(
            "AwsSolutions-CB4",
            "Without cross-account keys the pipeline has no KMS key of its own (crossAccountKeys"
                + " false: one account); build output sits in the artifact bucket with S3-managed"
                + " encryption."),
        rule(
            "AwsSolutions-S1",
            "The artifact bucket holds transient build outputs written and read only by the"
                + " pipeline's roles; access is in CloudTrail, and an access-log bucket would need"
                + " its own exemption."));
  }

  private static void accept(IConstruct resource, NagPackSuppression... findings) {
    NagSuppressions.addResourceSuppressions(resource, List.of(findings), true);
  }

  private static NagPackSuppression rule(String id, String reason, String... appliesTo) {
    NagPackSuppression.Builder suppression = NagPackSuppression.builder().id(id).reason(reason);
    if (appliesTo.length > 0) {
      suppression.appliesTo(List.of((Object[]) appliesTo));
    }
    return suppression.build();
  }
}
