package app.cruddur.ops.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.moto.MotoLauncher;
import app.cruddur.ops.runner.LocalEnvironment;
import app.cruddur.ops.runner.internal.local.LocalState;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.TestPaths;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A start that fails says why at once, even over the state file a supervisor killed with SIGKILL
 * left behind (it still says "ready"); a port another program takes between our check and the
 * engine's bind is PORT_IN_USE, and the start chooses again (three tries). moto is a stand-in that
 * fails the way moto does when its port is taken; nothing real is started.
 */
class LocalStartFailureTest {
  static final Path DIR = TestPaths.target("start-failure-local");

  Path calls;
  Path moto;

  @BeforeEach
  void staleStateOfADeadSupervisor() throws Exception {
    LocalEnvironment.at(DIR).reset();
    Files.createDirectories(DIR);
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    new LocalState(gone.pid(), 1, 0, 1, 0, Instant.now(), true, "unknown", null)
        .write(DIR.resolve("state.json"));
    calls = DIR.resolve("moto-calls");
    moto = DIR.resolve("fake-moto");
    Files.writeString(
        moto,
        "#!/bin/sh\necho started >> "
            + calls
            + "\n"
            + "echo \"Port $4 is in use by another program. Either identify and stop that program,"
            + " or start the server with a different port.\"\n"
            + "exit 1\n");
    Files.setPosixFilePermissions(moto, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterEach
  void stop() {
    LocalEnvironment.at(DIR).down();
  }

  @Test
  void aPortTakenUnderTheEnginesFeetIsPortInUseAfterThreeChoicesNotATimeout() throws Exception {
    Cli.Result r =
        Cli.in(DIR)
            .env(MotoLauncher.EXECUTABLE_ENV, moto.toString())
            .run("local", "up", "-o", "json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
    assertThat(r.errorLine())
        .startsWith(
            "error: the local environment could not start: moto_server exited with status 1 "
                + "before it answered: Port ")
        .contains("is in use by another program");
    assertThat(new ObjectMapper().readTree(r.out()).get("error").get("code").asText())
        .isEqualTo("PORT_IN_USE");
    assertThat(Files.readAllLines(calls))
        .as("a new choice of ports after each lost race")
        .hasSize(3);
    assertThat(LocalEnvironment.at(DIR).status().up()).isFalse();
  }
}
