package app.cruddur.ops.runner.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A developer's AWS set-up in full — keys, a profile, a region, ~/.aws files, an endpoint variable
 * and a proxy, all pointing away from this machine — and the everyday local commands, run as users
 * run them ({@code ./cruddur}), in a network namespace where any packet for an address beyond
 * 127.0.0.1 lands in a {@link NetworkTrap}: they all succeed and the trap sees no DNS lookup and no
 * connection. One explicit {@code --aws} command is the control: the trap does catch it.
 */
class NoRequestLeavesLoopbackIT {
  private static final String GROUP = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399";

  @Test
  void theLocalCommandsSendNothingBeyondLoopbackWhateverTheDevelopersAwsSetupSays()
      throws Exception {
    assumeTrue(
        canMakeNetworkNamespaces() || "true".equals(System.getenv("CI")),
        "needs root and unshare -n (Linux) to build the trap; CI runs it");
    LauncherSandbox box = LauncherSandbox.fresh("no-request-leaves");
    Path home = Files.createDirectories(box.root().resolve("developer-home/.aws")).getParent();
    Files.writeString(
        home.resolve(".aws/config"),
        """
        [default]
        region = eu-west-1
        [profile someone]
        region = eu-west-1
        endpoint_url = https://10.9.9.9
        """);
    Files.writeString(
        home.resolve(".aws/credentials"),
        """
        [default]
        aws_access_key_id = AKIADEFAULTPROFILE
        aws_secret_access_key = y
        [someone]
        aws_access_key_id = AKIASOMEONE
        aws_secret_access_key = z
        """);
    box.env("AWS_CONFIG_FILE", null)
        .env("AWS_SHARED_CREDENTIALS_FILE", null)
        .env("AWS_EC2_METADATA_DISABLED", null)
        .env("HOME", home.toString())
        .env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", "x")
        .env("AWS_REGION", "eu-west-1")
        .env("AWS_PROFILE", "someone")
        .env("AWS_ENDPOINT_URL", "http://10.9.9.9:4566")
        .env("HTTP_PROXY", "http://10.1.2.3:3128")
        .env("HTTPS_PROXY", "http://10.1.2.3:3128");

    List<List<String>> commands =
        List.of(
            List.of("release"),
            List.of("status"),
            List.of("validate"),
            List.of("ddb", "list-tables"),
            List.of("ddb", "get-conversation", GROUP),
            List.of(
                "ddb",
                "send-message",
                "--from",
                "bayko",
                "--to",
                "yaya2devops",
                "--text",
                "hermetic"),
            List.of("ddb", "list-conversations", "yaya2devops"),
            List.of("cognito", "list-users"),
            List.of("cognito", "sync", "--dry-run"),
            List.of("db", "status"),
            List.of("local", "status"),
            List.of("local", "env"),
            List.of(
                "ddb",
                "list-tables",
                "--aws"), // the control: AWS on purpose, through AWS_ENDPOINT_URL
            List.of("local", "down"));
    List<String> report = runInTrap(box, commands);

    List<String> exits = report.stream().filter(l -> l.startsWith("exit ")).toList();
    assertThat(exits).as(box.root().resolve("trap-err.txt").toString()).hasSize(commands.size());
    assertThat(exits)
        .filteredOn(l -> !l.contains("--aws"))
        .as("every local command succeeded")
        .allSatisfy(l -> assertThat(l).startsWith("exit 0 "));
    assertThat(exits)
        .filteredOn(l -> l.contains("--aws"))
        .singleElement()
        .asString()
        .startsWith("exit 4 ");

    int controlStarted =
        report.indexOf(exits.get(commands.size() - 3)); // the exit line of the command before it
    int controlEnded = report.indexOf(exits.get(commands.size() - 2));
    List<String> escaped =
        report.stream().filter(l -> l.startsWith("dns ") || l.startsWith("tcp ")).toList();
    assertThat(escaped)
        .as("the control reached the trap (through the developer's proxy, as the AWS CLI would)")
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).startsWith("tcp 10.1.2.3:3128 POST http://10.9.9.9:4566/"));
    assertThat(escaped)
        .as("and nothing else did: every request of the local commands stayed on 127.0.0.1")
        .allSatisfy(l -> assertThat(report.indexOf(l)).isBetween(controlStarted, controlEnded));
  }

  private static List<String> runInTrap(LauncherSandbox box, List<List<String>> commands)
      throws Exception {
    Path report = box.root().resolve("trap-report.txt");
    List<String> trap =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                NetworkTrap.class.getName(),
                report.toString(),
                box.root().toString()));
    for (List<String> command : commands) {
      trap.add("--");
      trap.add(box.root().resolve("cruddur").toString());
      trap.addAll(command);
    }
    // every IPv4 address is local in the namespace: nothing fails before the trap has seen it
    List<String> namespace =
        new ArrayList<>(
            List.of(
                "unshare",
                "-n",
                "bash",
                "-c",
                "ip link set lo up && ip route add local 0.0.0.0/0 dev lo && exec \"$@\"",
                "trap"));
    namespace.addAll(trap);
    ProcessBuilder pb =
        new ProcessBuilder(namespace)
            .directory(box.root().toFile())
            .redirectErrorStream(true)
            .redirectOutput(box.root().resolve("namespace.log").toFile());
    pb.environment().clear();
    pb.environment().putAll(box.environment());
    Process p = pb.start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("the commands finished").isTrue();
    assertThat(p.exitValue()).as(Files.readString(box.root().resolve("namespace.log"))).isZero();
    return Files.readAllLines(report, StandardCharsets.UTF_8);
  }

  private static boolean canMakeNetworkNamespaces() {
    try {
      Process p =
          new ProcessBuilder("unshare", "-n", "ip", "link", "set", "lo", "up")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
