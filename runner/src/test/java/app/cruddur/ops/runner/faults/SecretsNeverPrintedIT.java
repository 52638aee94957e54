package app.cruddur.ops.runner.faults;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.Secrets;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import app.cruddur.ops.runner.testing.TestPaths;
import app.cruddur.ops.runner.testing.TestProject;
import app.cruddur.ops.runner.testing.TestTarget;
import app.cruddur.ops.runner.testing.Transcript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs last: after the suite handed the runner distinctive secrets (database passwords in URLs and
 * secrets, AWS keys and session tokens), with --debug on and off, on success and failure paths, no
 * output, log or json of the whole run contains any of them.
 */
@ExtendWith(SharedLocalEnvironment.class)
@Order(Integer.MAX_VALUE)
class SecretsNeverPrintedIT {

  @Test
  void noSecretAppearsInAnythingTheSuitePrintedOrLogged() throws IOException {
    exerciseTheSecretsOnceMore();

    List<Path> scanned = new ArrayList<>();
    List<String> leaks = new ArrayList<>();
    try (Stream<Path> files = Files.walk(TestPaths.target(""))) {
      for (Path file :
          files.filter(Files::isRegularFile).filter(SecretsNeverPrintedIT::isOutput).toList()) {
        scanned.add(file);
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < Secrets.all().size(); i++) {
          if (text.contains(Secrets.all().get(i))) {
            leaks.add(
                "secret #"
                    + i
                    + " in "
                    + file); // not the secret itself: this report is scanned too
          }
        }
      }
    }

    assertThat(scanned)
        .as("the transcript, process and engine logs were scanned")
        .contains(Transcript.file())
        .anySatisfy(p -> assertThat(p.toString()).endsWith("supervisor.log"));
    assertThat(leaks).isEmpty();
  }

  /**
   * Secrets on the paths most likely to leak: --debug, json, errors, a database URL with a
   * password.
   */
  private static void exerciseTheSecretsOnceMore() {
    TestProject project = TestProject.copyOfRepository("secrets");
    TestTarget target = TestTarget.fresh("secrets");
    Cli cli = Cli.in(SharedLocalEnvironment.dir()).projectDir(project.dir()).withAwsCredentials();
    String url = target.databaseUrl().replace(":postgres@", ":" + Secrets.DB_PASSWORD + "@");
    String moto = SharedLocalEnvironment.endpoints().awsEndpoint().toString();
    assertThat(cli.run("release", "--debug", "--db-url", url, "--table", target.table()).exitCode())
        .isZero();
    cli.run("status", "-o", "json", "--debug", "--db-url", url, "--table", target.table());
    cli.run(
        "status",
        "--debug",
        "--db-url",
        url.replace("127.0.0.1:", "127.0.0.1:1"),
        "--table",
        target.table());
    cli.run("ddb", "list-tables", "--debug", "--endpoint-url", moto, "--region", "us-east-1");
    cli.run(
        "ddb",
        "list-tables",
        "--debug",
        "-o",
        "json",
        "--endpoint-url",
        "http://127.0.0.1:9",
        "--region",
        "us-east-1");
  }

  private static boolean isOutput(Path file) {
    String name = file.getFileName().toString();
    if (name.contains(SecretsNeverPrintedIT.class.getSimpleName())) {
      return false; // this test's own report of an earlier run
    }
    return name.endsWith(".log")
        || name.endsWith(".txt")
        || name.endsWith(".json")
        || name.endsWith("-output.txt")
        || name.endsWith(".xml") && name.startsWith("TEST-");
  }
}
