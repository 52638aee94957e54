package app.cruddur.ops.runner.internal.local;

import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.api.LocalRestore;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code .cruddur/local/moto-state/}: where moto keeps its snapshot ({@code state.pickle}, written
 * by {@code moto_with_state.py} of the moto module), and what it says about it: {@code
 * restored.json} (what its last start restored), {@code snapshot.json} (the last snapshot written).
 *
 * @param dir the directory
 */
public record MotoStateDir(Path dir) {

  /** What moto's last start restored, as it wrote it; a start that wrote nothing is a problem. */
  public LocalRestore restored() {
    Optional<JsonNode> report = read("restored.json");
    if (report.isEmpty()) {
      return new LocalRestore(
          LocalRestore.Outcome.NOT_RESTORED,
          Optional.empty(),
          Optional.empty(),
          0,
          0,
          0,
          0,
          0,
          Optional.of("moto did not say what it restored; see its log"));
    }
    JsonNode r = report.get();
    Optional<Instant> snapshotAt = instant(r.path("snapshotAt"));
    Optional<String> error = text(r.path("error"));
    LocalRestore.Outcome outcome =
        error.isPresent()
            ? LocalRestore.Outcome.NOT_RESTORED
            : snapshotAt.isPresent()
                ? LocalRestore.Outcome.RESTORED
                : LocalRestore.Outcome.FIRST_START;
    return new LocalRestore(
        outcome,
        snapshotAt,
        instant(r.path("lostSince")),
        r.path("tables").asInt(),
        r.path("items").asLong(),
        r.path("userPools").asInt(),
        r.path("users").asInt(),
        r.path("seconds").asDouble(),
        error.map(e -> e + text(r.path("kept")).map(k -> "; it is kept as " + k).orElse("")));
  }

  /** moto runs without a snapshot: {@code why}. */
  public static LocalRestore memoryOnly(String why) {
    return new LocalRestore(
        LocalRestore.Outcome.MEMORY_ONLY,
        Optional.empty(),
        Optional.empty(),
        0,
        0,
        0,
        0,
        0,
        Optional.of(why));
  }

  /** The last snapshot written, for {@code local status}: when, and what it holds. */
  public Optional<String> lastSnapshot() {
    return read("snapshot.json")
        .map(
            s ->
                "last snapshot "
                    + s.path("at").asText()
                    + ": "
                    + new LocalRestore(
                            LocalRestore.Outcome.RESTORED,
                            Optional.empty(),
                            Optional.empty(),
                            s.path("tables").asInt(),
                            s.path("items").asLong(),
                            s.path("userPools").asInt(),
                            s.path("users").asInt(),
                            0,
                            Optional.empty())
                        .counts()
                    + readText("unsaved")
                        .map(t -> " (changes since " + t + " not in it yet)")
                        .orElse(""));
  }

  private Optional<JsonNode> read(String name) {
    Path file = dir.resolve(name);
    try {
      return Files.isRegularFile(file)
          ? Optional.of(Json.mapper().readTree(file.toFile()))
          : Optional.empty();
    } catch (IOException torn) {
      return Optional.empty();
    }
  }

  private Optional<String> readText(String name) {
    try {
      return Optional.of(Files.readString(dir.resolve(name)).strip());
    } catch (IOException gone) {
      return Optional.empty();
    }
  }

  private static Optional<String> text(JsonNode node) {
    return node.isTextual() && !node.asText().isBlank()
        ? Optional.of(node.asText())
        : Optional.empty();
  }

  private static Optional<Instant> instant(JsonNode node) {
    try {
      return text(node).map(Instant::parse);
    } catch (DateTimeParseException notATime) {
      return Optional.empty();
    }
  }
}
