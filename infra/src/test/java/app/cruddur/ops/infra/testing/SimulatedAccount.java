package app.cruddur.ops.infra.testing;

import app.cruddur.ops.moto.MotoServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * A simulated AWS account: moto's server on 127.0.0.1 (CloudFormation, S3, Lambda, EC2, RDS,
 * DynamoDB, Cognito, Secrets Manager in one process, in memory), with fake credentials. The
 * environment it gives tools has nothing of the developer's: no AWS_* of theirs, no ~/.aws.
 */
public final class SimulatedAccount implements AutoCloseable {
  /** The region everything is in. */
  public static final String REGION = "us-east-1";

  private final MotoServer moto;
  private final int port;
  private final Path home;

  private SimulatedAccount(MotoServer moto, int port, Path home) {
    this.moto = moto;
    this.port = port;
    this.home = home;
  }

  /** Starts moto_server on a free port of 127.0.0.1 and waits until it answers. */
  public static SimulatedAccount start(Path work) throws IOException, InterruptedException {
    Path home = Files.createDirectories(work.resolve("home"));
    String motoServer = System.getenv().getOrDefault("CRUDDUR_MOTO_SERVER", "moto_server");
    if (!motoServer.contains("/")) {
      Tools.requireOnPath(
          motoServer,
          "pip install \"moto[server]==5.2.1\" (or set CRUDDUR_MOTO_SERVER to its path)");
    }
    int port = MotoServer.freePort();
    return new SimulatedAccount(
        MotoServer.start(port, work.resolve("moto.log"), Map.of()), port, home);
  }

  /** moto's endpoint. */
  public URI endpoint() {
    return moto.endpoint();
  }

  /**
   * The environment of a tool acting on this account: fake credentials, the region, every service
   * at moto (AWS_ENDPOINT_URL), with the workaround CloudFormation's S3 template URLs need (moto
   * reads the host 127.0.0.1 as a bucket named "127"), and a HOME of its own.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new TreeMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", home.toString());
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", "testing");
    env.put("AWS_REGION", REGION);
    env.put("AWS_DEFAULT_REGION", REGION);
    env.put("AWS_CONFIG_FILE", home.resolve("no-aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-aws-credentials").toString());
    env.put("AWS_ENDPOINT_URL", endpoint().toString());
    env.put("AWS_ENDPOINT_URL_S3_FOR_CLOUDFORMATION", "http://localhost:" + port);
    env.put("CDK_DISABLE_VERSION_CHECK", "1");
    env.put("CDK_DISABLE_CLI_TELEMETRY", "1");
    env.put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
    return env;
  }

  /** An SDK client of this account. */
  public <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
    return builder
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
  }

  @Override
  public void close() {
    moto.close();
  }

  /** How long a whole deployment may take here. */
  public static Duration deployTimeout() {
    return Duration.ofMinutes(6);
  }

  /** For messages. */
  @Override
  public String toString() {
    return "moto at " + endpoint();
  }
}
