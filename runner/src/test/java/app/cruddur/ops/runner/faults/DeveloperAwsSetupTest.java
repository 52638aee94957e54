package app.cruddur.ops.runner.faults;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.TestPaths;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runner takes its AWS settings from the environment it is given, and from nowhere else: not
 * from the JVM's system properties (which the SDK reads by default), not from the developer's
 * {@code ~/.aws}. Profiles, shared files, keys, region, endpoint and proxy variables of that
 * environment are honoured as the AWS CLI does. Every request here goes to a recorder on 127.0.0.1.
 */
class DeveloperAwsSetupTest {
  private static final List<String> JVM_SETTINGS =
      List.of(
          "aws.accessKeyId",
          "aws.secretAccessKey",
          "aws.region",
          "aws.profile",
          "aws.endpointUrl",
          "aws.endpointUrlDynamodb");

  private Recorder recorder;
  private Recorder trap;
  private Path dir;

  @BeforeEach
  void setUp() throws IOException {
    recorder = new Recorder("HTTP/1.1 200 OK", "{\"TableNames\":[\"from-the-recorder\"]}");
    trap = new Recorder("HTTP/1.1 500 Internal Server Error", "{}");
    dir = Files.createDirectories(TestPaths.target("developer-aws-setup"));
    // A developer's JVM-wide AWS settings, which the SDK's default chains would pick up
    System.setProperty("aws.accessKeyId", "AKIAJVMPROPERTY");
    System.setProperty("aws.secretAccessKey", "jvm-secret");
    System.setProperty("aws.region", "ap-south-1");
    System.setProperty("aws.profile", "jvm-profile");
    System.setProperty("aws.endpointUrl", trap.url());
    System.setProperty("aws.endpointUrlDynamodb", trap.url());
  }

  @AfterEach
  void tearDown() {
    JVM_SETTINGS.forEach(System::clearProperty);
    recorder.close();
    trap.close();
  }

  @Test
  void theJvmsOwnCredentialsAreNotTheCommands() {
    Cli.Result r = Cli.in(dir).run("ddb", "list-tables", "--aws", "--region", "us-east-1");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
    assertThat(r.errorLine())
        .isEqualTo(
            "error: no usable AWS credentials for DynamoDB in us-east-1 (profile 'default'). Run"
                + " `aws configure` or `aws sso login`, pass --profile NAME, or set"
                + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    assertThat(trap.requests()).isEmpty();
  }

  @Test
  void aProfileOfTheGivenConfigFilesSignsForItsRegion() throws IOException {
    Cli cli = withSharedFiles(Cli.in(dir)).env("AWS_ENDPOINT_URL", recorder.url());

    Cli.Result r = cli.run("ddb", "list-tables", "--profile", "someone");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("from-the-recorder");
    assertThat(recorder.authorization())
        .contains("Credential=AKIAPROFILE/")
        .contains("/eu-west-3/dynamodb/aws4_request");
    assertThat(trap.requests()).isEmpty();
  }

  @Test
  void anExplicitProfileWinsOverExportedKeysAsInTheAwsCli() throws IOException {
    Cli exported =
        withSharedFiles(Cli.in(dir))
            .env("AWS_ENDPOINT_URL", recorder.url())
            .env("AWS_ACCESS_KEY_ID", "AKIAEXPORTED")
            .env("AWS_SECRET_ACCESS_KEY", "exported-secret")
            .env("AWS_PROFILE", "someone");

    assertThat(exported.run("ddb", "list-tables", "--aws").exitCode()).isZero();
    assertThat(recorder.authorization())
        .as("without --profile the exported keys come first")
        .contains("Credential=AKIAEXPORTED/")
        .contains("/eu-west-3/");

    assertThat(
            exported
                .run("ddb", "list-tables", "--profile", "someone", "--region", "eu-west-1")
                .exitCode())
        .isZero();
    assertThat(recorder.authorization())
        .as("--profile is that profile alone")
        .contains("Credential=AKIAPROFILE/")
        .contains("/eu-west-1/");
  }

  @Test
  void awsGoesThroughTheGivenProxyAndTheJvmsEndpointIsIgnored() {
    Cli cli =
        Cli.in(dir)
            .env("AWS_ACCESS_KEY_ID", "AKIAEXPORTED")
            .env("AWS_SECRET_ACCESS_KEY", "exported-secret")
            .env("HTTPS_PROXY", recorder.url());

    Cli.Result r = cli.run("ddb", "list-tables", "--aws", "--region", "eu-west-1");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
    assertThat(recorder.requests())
        .as("the tunnel to AWS was asked of the proxy, which refused it")
        .anySatisfy(
            line -> assertThat(line).startsWith("CONNECT dynamodb.eu-west-1.amazonaws.com:443"));
    assertThat(trap.requests()).isEmpty();
  }

  @Test
  void anEndpointTargetNeverUsesAProxy() {
    Cli cli =
        Cli.in(dir)
            .env("AWS_ACCESS_KEY_ID", "AKIAEXPORTED")
            .env("AWS_SECRET_ACCESS_KEY", "exported-secret")
            .env("HTTP_PROXY", trap.url())
            .env("HTTPS_PROXY", trap.url());

    Cli.Result r =
        cli.run("ddb", "list-tables", "--endpoint-url", recorder.url(), "--region", "us-east-1");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(recorder.requests()).anySatisfy(line -> assertThat(line).startsWith("POST / "));
    assertThat(trap.requests()).isEmpty();
  }

  private Cli withSharedFiles(Cli cli) throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("config"),
            """
            [default]
            region = us-west-2

            [profile someone]
            region = eu-west-3
            """);
    Path credentials =
        Files.writeString(
            dir.resolve("credentials"),
            """
            [someone]
            aws_access_key_id = AKIAPROFILE
            aws_secret_access_key = profile-secret
            """);
    return cli.env("AWS_CONFIG_FILE", config.toString())
        .env("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
  }

  /**
   * An HTTP endpoint on 127.0.0.1 that records each request's first line and headers and answers
   * one fixed response.
   */
  private static final class Recorder implements AutoCloseable {
    private final ServerSocket socket;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, String>> headers =
        Collections.synchronizedList(new ArrayList<>());

    Recorder(String status, String body) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread accept =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try (Socket s = socket.accept()) {
                    s.setSoTimeout(5000);
                    BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    requests.add(in.readLine());
                    Map<String, String> h = new java.util.HashMap<>();
                    int length = 0;
                    for (String line = in.readLine();
                        line != null && !line.isEmpty();
                        line = in.readLine()) {
                      int colon = line.indexOf(':');
                      if (colon > 0) {
                        h.put(
                            line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT),
                            line.substring(colon + 1).strip());
                      }
                    }
                    headers.add(h);
                    length = Integer.parseInt(h.getOrDefault("content-length", "0"));
                    in.skip(length);
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    OutputStream out = s.getOutputStream();
                    out.write(
                        (status
                                + "\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: "
                                + bytes.length
                                + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.write(bytes);
                    out.flush();
                  } catch (IOException | RuntimeException closedOrBroken) {
                    // next connection
                  }
                }
              },
              "recorder");
      accept.setDaemon(true);
      accept.start();
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }

    List<String> requests() {
      return List.copyOf(requests);
    }

    /** The Authorization header of the latest request. */
    String authorization() {
      synchronized (headers) {
        return headers.isEmpty()
            ? ""
            : headers.get(headers.size() - 1).getOrDefault("authorization", "");
      }
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }
}
