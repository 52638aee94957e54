package app.cruddur.ops.runner.internal.local;

import app.cruddur.ops.moto.MotoLauncher;
import app.cruddur.ops.runner.api.LocalRestore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * How the supervisor starts moto: with its state kept on disk where a Python runs it ({@link
 * MotoLauncher#startKeepingState}), else as it is, in memory; and what its data came back with.
 */
final class MotoStart {
  private static final Logger LOG = Logger.getLogger(MotoStart.class.getName());

  /**
   * moto, answering on its port.
   *
   * @param process its process
   * @param restore what its DynamoDB and Cognito came back with
   */
  record Started(Process process, LocalRestore restore) {}

  private MotoStart() {}

  static Started start(
      LocalLayout layout,
      int port,
      Path executable,
      String version,
      Optional<Path> python,
      Duration timeout)
      throws IOException, InterruptedException {
    MotoStateDir stateDir = layout.motoState();
    if (python.isEmpty()) {
      return new Started(
          plain(layout, port, executable, timeout),
          MotoStateDir.memoryOnly(
              "no Python was found that runs " + executable + " (moto " + version + ")"));
    }
    Process keeping =
        MotoLauncher.startKeepingState(python.get(), port, layout.motoLog(), stateDir.dir());
    try {
      awaitReady(keeping, layout, port, timeout);
      return new Started(keeping, stateDir.restored());
    } catch (IllegalStateException cannotKeepState) {
      if (cannotKeepState.getMessage().contains("in use")) {
        throw cannotKeepState;
      }
      // a moto whose internals the script does not know (another version): run it as it is; the
      // snapshot on disk is left as it was
      LOG.warning(
          "moto with its state kept on disk did not start: " + cannotKeepState.getMessage());
      if (keeping.isAlive()) {
        Processes.stop(keeping.toHandle(), "KILL", Duration.ofSeconds(5));
      }
      LocalRestore memoryOnly =
          MotoStateDir.memoryOnly(
              "moto "
                  + version
                  + " could not run with its state on disk: "
                  + MotoLauncher.lastLine(layout.motoLog()));
      return new Started(plain(layout, port, executable, timeout), memoryOnly);
    }
  }

  private static Process plain(LocalLayout layout, int port, Path executable, Duration timeout)
      throws IOException, InterruptedException {
    Process moto = MotoLauncher.start(executable, port, layout.motoLog());
    try {
      awaitReady(moto, layout, port, timeout);
      return moto;
    } catch (IllegalStateException | InterruptedException e) {
      // not ours to leave behind: the supervisor knows only the moto that answered
      moto.destroyForcibly();
      throw e;
    }
  }

  private static void awaitReady(Process moto, LocalLayout layout, int port, Duration timeout)
      throws InterruptedException {
    // another program that took the port meanwhile must not pass for ours
    MotoLauncher.awaitReady(
        moto,
        port,
        layout.motoLog(),
        timeout,
        () -> Ports.answers(port) && Ports.listenerBelongsTo(moto.toHandle(), port));
  }
}
