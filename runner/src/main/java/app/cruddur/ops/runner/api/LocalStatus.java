package app.cruddur.ops.runner.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The state of the local environment.
 *
 * @param up both engines answer
 * @param dir the environment's directory
 * @param services one entry per engine
 * @param endpoints where it answers, when up
 * @param lastFailure why it stopped or could not start, when it did
 * @param restored what DynamoDB and Cognito came back with when it last started (when up)
 * @param snapshot moto's last snapshot on disk: when, and what it holds
 * @param warnings what it met and went on past
 */
public record LocalStatus(
    boolean up,
    Path dir,
    List<Service> services,
    Optional<LocalEndpoints> endpoints,
    Optional<String> lastFailure,
    Optional<LocalRestore> restored,
    Optional<String> snapshot,
    List<Warning> warnings)
    implements OperationResult {

  /**
   * One engine.
   *
   * @param name {@code postgres} or {@code moto}
   * @param state {@code UP}, {@code DOWN} or {@code ORPHANED}
   * @param endpoint where it answers (empty when down)
   * @param serves what it serves
   * @param pid its process id (0 when down)
   * @param version the version running, with the build's pin when it differs (empty when down)
   */
  public record Service(
      String name, State state, String endpoint, String serves, long pid, String version) {}

  /** Where an engine stands; JSON spells it as every enum, by name ({@code UP}). */
  public enum State {
    /** It answers. */
    UP,
    /** Not running. */
    DOWN,
    /** Running without the supervisor that started it (the next command restarts it). */
    ORPHANED;

    /** As a table shows it: {@code up}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
