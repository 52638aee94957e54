package app.cruddur.ops.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
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
    MessageStreamConsumer consumer = stacks.data().streamConsumer();
    accept(consumer.failureQueue(), rule("AwsSolutions-SQS3",
        "This queue is the on-failure destination of the stream's event source mapping, i.e. it is"
            + " the dead-letter queue; it needs none of its own."));
    accept(consumer.function().getRole(), rule("AwsSolutions-IAM5",
        "dynamodb:ListStreams supports no resource-level permission; the event source mapping needs"
            + " it (added by the CDK's DynamoEventSource). Every other action names its resource.",
        "Resource::*"));

    accept(stacks.auth().userPool(),
        rule("AwsSolutions-COG2",
            "MFA is optional (TOTP): Cruddur's web sign-in (SRP) has no MFA step yet; users can enrol."),
        rule("AwsSolutions-COG3",
            "Threat protection (advanced security) needs the Plus feature plan; its cost is not"
                + " justified for this app. Password policy and email verification are in place."));

    DatabaseStack database = stacks.database();
    accept(database.secret(), rule("AwsSolutions-SMG4",
        "Rotation needs a rotation Lambda that reaches Secrets Manager; the VPC has isolated subnets"
            + " only (no NAT, no interface endpoint). The app connects with IAM authentication."));
    List<NagPackSuppression> instance = new ArrayList<>();
    instance.add(rule("AwsSolutions-RDS11",
        "PostgreSQL's default port: the instance is in isolated subnets and admits the VPC's own range"
            + " only; another port would add no protection."));
    if (!config.production()) {
      instance.add(rule("AwsSolutions-RDS3", "Development stage: single-AZ to halve the cost; prod is multi-AZ."));
      instance.add(rule("AwsSolutions-RDS10",
          "Development stage: deleted with its stack on purpose; prod has deletion protection."));
    }
    accept(database.instance(), instance.toArray(NagPackSuppression[]::new));
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
