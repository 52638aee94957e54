package app.cruddur.ops.runner.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.cruddur.ops.moto.MotoLauncher;
import app.cruddur.ops.runner.testing.HermeticEnvironment;
import app.cruddur.ops.runner.testing.Namespaces;
import app.cruddur.ops.runner.testing.TestPaths;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Another program's PostgreSQL takes the port between our check and our postmaster's bind, for
 * real: in a private network namespace ({@code unshare --net}, as a user namespace's root where the
 * machine allows it) a foreign server listens on the port, then our supervisor starts. It must not
 * take that server for its own: no database created there, no state file saying ready, and "the
 * port is in use", which {@code local up} answers by choosing other ports.
 */
class ForeignPostgresInANamespaceTest {
  @Test
  void aForeignPostgresOnOurPortIsNeverTakenForOurs() throws Exception {
    assumeTrue(
        Namespaces.work("--net", "ip link set lo up"),
        "needs unshare with network (and user) namespaces");
    Path dir = TestPaths.target("foreign-postgres");
    new LocalEngines(dir, System.getenv()).reset();
    Files.createDirectories(dir);
    Path foreignData = TestPaths.target("foreign-postgres-data");
    int port = freePort();
    int motoPort = freePort();
    Path moto = MotoLauncher.locate(System.getenv()).orElseThrow();
    Path out = dir.resolve("race.out");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process race =
        HermeticEnvironment.apply(
                new ProcessBuilder(
                    "unshare",
                    "--map-root-user",
                    "--net",
                    "sh",
                    "-c",
                    "ip link set lo up && exec \"$0\" -XX:+UseSerialGC -cp \"$1\" "
                        + ForeignPostgresRace.class.getName()
                        + " \"$2\" \"$3\" \"$4\" \"$5\" \"$6\"",
                    java,
                    System.getProperty("java.class.path"),
                    dir.toString(),
                    foreignData.toString(),
                    Integer.toString(port),
                    Integer.toString(motoPort),
                    moto.toString()))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertThat(race.waitFor(3, TimeUnit.MINUTES)).as("the race finished").isTrue();
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    LocalLayout layout = new LocalLayout(dir);

    assertThat(lines)
        .as(String.join("\n", lines))
        .contains("foreign=up", "supervisor=4", "foreignHasOurDatabase=false");
    assertThat(Files.readString(layout.supervisorError()))
        .startsWith(
            "PostgreSQL could not listen on 127.0.0.1:"
                + port
                + ": the port is in use by another program");
    assertThat(layout.stateFile()).doesNotExist();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
