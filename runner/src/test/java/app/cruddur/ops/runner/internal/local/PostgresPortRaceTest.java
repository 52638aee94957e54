package app.cruddur.ops.runner.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.moto.MotoLauncher;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import app.cruddur.ops.runner.testing.TestPaths;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The supervisor's PostgreSQL loses its port to another server (another program took it between the
 * port check and the bind): it must not take that server for its own (nor create its database
 * there), but fail saying the port is in use, which the start answers by choosing other ports.
 */
@ExtendWith(SharedLocalEnvironment.class)
class PostgresPortRaceTest {
  @Test
  void aPortAnsweredByAnotherPostgresIsInUseNotOurs() throws Exception {
    Path dir = TestPaths.target("postgres-port-race");
    new LocalEngines(dir, System.getenv()).reset();
    Files.createDirectories(dir);
    int taken =
        SharedLocalEnvironment.endpoints()
            .postgresPort(); // a real PostgreSQL, not this supervisor's
    int motoPort;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      motoPort = free.getLocalPort();
    }
    Path moto = MotoLauncher.locate(System.getenv()).orElseThrow();
    LocalLayout layout = new LocalLayout(dir);

    int status =
        new LocalSupervisor(
                layout,
                taken,
                motoPort,
                moto,
                "unknown",
                java.util.Optional.empty(),
                (l, s) -> List.of())
            .run();

    assertThat(status).isEqualTo(4);
    assertThat(Files.readString(layout.supervisorError()))
        .startsWith(
            "PostgreSQL could not listen on 127.0.0.1:"
                + taken
                + ": the port is in use by another program");
    assertThat(layout.stateFile()).doesNotExist();
  }
}
