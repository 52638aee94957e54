package app.cruddur.ops.runner.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Telling our processes and listeners from anybody else's, the same way on macOS and Linux: the
 * JDK's view of a command line (which Linux cuts at 4096 bytes, so markers come first), and lsof
 * for who listens on a port.
 */
class ProcessesAndPortsTest {

  @Test
  void aSupervisorIsKnownByItsDirectoryEarlyInALongCommandLine() throws Exception {
    LocalLayout ours = new LocalLayout(Path.of("/tmp/project/.cruddur/local"));
    LocalLayout another = new LocalLayout(Path.of("/tmp/other/.cruddur/local"));
    String classPathLike = "/some/dependency.jar:".repeat(1_000);
    Process p =
        new ProcessBuilder(
                "bash",
                "-c",
                "sleep 30; exit 0",
                Processes.supervisorMarker(ours),
                "-cp",
                classPathLike,
                "LocalSupervisor")
            .start();
    try {
      LocalState recorded =
          new LocalState(p.pid(), 5432, 0, 8000, 0, Instant.now(), true, "5.2.1", null);

      assertThat(Processes.supervisor(ours, recorded)).isPresent();
      assertThat(Processes.supervisor(another, recorded)).as("another environment's").isEmpty();
      assertThat(
              Processes.supervisor(
                  ours,
                  new LocalState(
                      p.pid(),
                      5432,
                      0,
                      8000,
                      0,
                      Instant.now().minus(Duration.ofMinutes(10)),
                      true,
                      "5.2.1",
                      null)))
          .as("a pid reused since it was recorded")
          .isEmpty();
    } finally {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
    assertThat(Processes.aliveRunning(p.pid(), Processes.supervisorMarker(ours)))
        .as("gone")
        .isEmpty();
  }

  @Test
  void aListenerBelongsToTheProcessThatHoldsItOnly() throws Exception {
    Process other = new ProcessBuilder("sleep", "30").start();
    try (ServerSocket ours = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = ours.getLocalPort();

      assertThat(Ports.listenerBelongsTo(ProcessHandle.current(), port)).isTrue();
      assertThat(Ports.listenerBelongsTo(other.toHandle(), port)).isFalse();
    } finally {
      other.destroyForcibly();
      other.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void lsofNamesTheListenersPid() throws Exception {
    try (ServerSocket ours = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var listeners = Ports.listenersPerLsof(ours.getLocalPort());

      org.junit.jupiter.api.Assumptions.assumeTrue(
          listeners.isPresent() || "true".equals(System.getenv("CI")),
          "lsof is not installed (macOS has it; apt-get install lsof); .ci/run installs it");
      assertThat(listeners)
          .hasValueSatisfying(
              pids -> assertThat(pids).containsExactly(ProcessHandle.current().pid()));
    }
  }
}
