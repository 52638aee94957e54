package app.cruddur.ops.runner.faults;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import app.cruddur.ops.runner.testing.Secrets;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Bad input and bad credentials: each is one line naming the value and the fix, with its named exit
 * code, and writes nothing. (Step files, changelogs, contexts, tables, handles, groups, UUIDs and
 * message sizes have their own tests next to their commands.)
 */
class BadInputTest extends LocalSliceTest {

  @Test
  void aStepFileDeletedAfterItWasAppliedIsDriftUntilRestoredOrAccepted() {
    assertThat(cli.run(target.args("release")).exitCode()).isZero();
    project.delete("seeders/V004__dev_conversation.yaml");

    Cli.Result validate = cli.run(target.args("validate"));

    assertThat(validate.exitCode()).isEqualTo(3);
    assertThat(validate.errorLine())
        .matches(
            "error: an applied step changed: V004: applied on \\S+ but"
                + " seeders/V004__dev_conversation.yaml is gone\\. Revert the change, or accept it"
                + " deliberately with `cruddur repair --accept V004`");
    assertThat(cli.run(target.args("release")).exitCode()).isEqualTo(3);

    Cli.Result repair = cli.run(target.args("repair", "--accept", "V004"));
    assertThat(repair.out())
        .contains("recorded that seeders/V004__dev_conversation.yaml was deleted deliberately");
    assertThat(cli.run(target.args("validate")).exitCode()).isZero();
  }

  @Test
  void aWrongRegionIsExitFourNamingIt() {
    Cli.Result r =
        cli.withAwsCredentials().run("ddb", "list-tables", "--aws", "--region", "us-eats-1");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.errorLine())
        .isEqualTo(
            "error: 'us-eats-1' is not an AWS region. Pass a region such as --region us-east-1");
  }

  @Test
  void awsWithoutAnyCredentialsIsExitFourSayingHowToGetThem() {
    Cli.Result r = cli.run("ddb", "list-tables", "--aws", "--region", "us-east-1");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.errorLine())
        .startsWith("error: no usable AWS credentials for DynamoDB in us-east-1")
        .endsWith(
            "Run `aws configure` or `aws sso login`, pass --profile NAME, or set AWS_ACCESS_KEY_ID"
                + " and AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void anUnknownProfileIsExitFour() {
    Cli.Result r =
        cli.run("ddb", "list-tables", "--profile", "no-such-profile", "--region", "us-east-1");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.errorLine())
        .startsWith("error: no usable AWS credentials for DynamoDB in us-east-1")
        .contains("no-such-profile");
  }

  @Test
  void expiredCredentialsAreExitFourSayingToRefreshThem() throws Exception {
    HttpServer expired =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    expired.createContext(
        "/",
        exchange -> {
          byte[] body =
              ("{\"__type\":\"com.amazon.coral.service#ExpiredTokenException\","
                      + "\"message\":\"The security token included in the request is expired\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
          exchange.sendResponseHeaders(400, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    expired.start();
    try {
      Cli.Result r =
          cli.withAwsCredentials()
              .run(
                  "ddb",
                  "list-tables",
                  "--endpoint-url",
                  "http://127.0.0.1:" + expired.getAddress().getPort(),
                  "--region",
                  "us-east-1");

      assertThat(r.exitCode()).isEqualTo(4);
      assertThat(r.errorLine())
          .isEqualTo(
              "error: DynamoDB at http://127.0.0.1:"
                  + expired.getAddress().getPort()
                  + " rejected the credentials while listing tables (ExpiredTokenException). "
                  + "Refresh them (aws sso login, aws configure) or choose another --profile");
    } finally {
      expired.stop(0);
    }
  }

  @Test
  void aDatabaseUrlThatIsNotOneIsExitTwoWithoutEchoingItsPassword() {
    Cli.Result r = cli.run("status", "--db-url", "mysql://root:" + Secrets.DB_PASSWORD + "@db/x");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLine())
        .isEqualTo(
            "error: the database URL mysql://root:****@db/x is not a PostgreSQL URL. Write it as"
                + " postgresql://USER@HOST:5432/DATABASE (the password from PGPASSWORD or the"
                + " URL)");
  }
}
