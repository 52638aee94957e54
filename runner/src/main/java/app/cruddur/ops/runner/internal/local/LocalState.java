package app.cruddur.ops.runner.internal.local;

import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.api.LocalRestore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code .cruddur/local/state.json}: what the supervisor started, where, and whether it is ready.
 * Written atomically by the supervisor; read by every other command.
 *
 * @param supervisorPid the background supervisor that owns both engines
 * @param postgresPort PostgreSQL's port on 127.0.0.1
 * @param postgresPid the postmaster's pid (0 until known)
 * @param motoPort moto's port on 127.0.0.1 (DynamoDB, DynamoDB Streams and Cognito)
 * @param motoPid moto's pid (0 until known)
 * @param startedAt when the supervisor started
 * @param ready both engines answer
 * @param motoVersion the version of the moto running ({@code unknown} when it could not be told)
 * @param restore what moto came back with at this start (absent in files of older versions)
 */
public record LocalState(
    long supervisorPid,
    int postgresPort,
    long postgresPid,
    int motoPort,
    long motoPid,
    Instant startedAt,
    boolean ready,
    String motoVersion,
    LocalRestore restore) {

  public LocalState {
    motoVersion = motoVersion == null ? "unknown" : motoVersion;
  }

  /** What moto came back with, if known. */
  public Optional<LocalRestore> restored() {
    return Optional.ofNullable(restore);
  }

  /** The same state, ready or not. */
  public LocalState withReady(boolean isReady) {
    return new LocalState(
        supervisorPid,
        postgresPort,
        postgresPid,
        motoPort,
        motoPid,
        startedAt,
        isReady,
        motoVersion,
        restore);
  }

  /** Reads the state file, if there is one that parses. */
  public static Optional<LocalState> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.mapper().readValue(file.toFile(), LocalState.class));
    } catch (IOException unreadable) {
      // A torn or foreign file is treated as no state: the orphan check still runs by pid files.
      return Optional.empty();
    }
  }

  /** Writes the state file atomically (readers never see half a file). */
  public void write(Path file) {
    AtomicJson.write(file, this);
  }
}
