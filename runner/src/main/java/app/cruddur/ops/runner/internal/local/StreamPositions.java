package app.cruddur.ops.runner.internal.local;

import app.cruddur.ops.runner.api.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * How far the local stream poller has processed each shard of each stream ({@code
 * stream-positions.json}): moto's snapshot brings a stream back with its records and its ARN, and
 * the poller resumes after the last record it processed instead of processing the whole stream
 * again. Written at most once a second while records come, and when the poller stops. Used by one
 * thread at a time (the poller's).
 */
final class StreamPositions {
  private static final Logger LOG = Logger.getLogger(StreamPositions.class.getName());
  private static final Duration EVERY = Duration.ofSeconds(1);

  private final Path file;
  private final Map<String, String> positions;
  private boolean changed;
  private long writtenAt;

  private StreamPositions(Path file, Map<String, String> positions) {
    this.file = file;
    this.positions = positions;
  }

  /** The positions kept in {@code file} (none when it is missing or unreadable). */
  static StreamPositions at(Path file) {
    Map<String, String> read = new HashMap<>();
    if (Files.isRegularFile(file)) {
      try {
        read.putAll(
            Json.mapper().readValue(file.toFile(), new TypeReference<Map<String, String>>() {}));
      } catch (IOException unreadable) {
        LOG.warning(
            "cannot read "
                + file
                + " ("
                + unreadable.getMessage()
                + "): streams are read from their start");
      }
    }
    return new StreamPositions(file, read);
  }

  /** The sequence number of the last record processed in this shard, if any. */
  Optional<String> last(String streamArn, String shardId) {
    return Optional.ofNullable(positions.get(key(streamArn, shardId)));
  }

  /** Records that the shard was processed up to {@code sequenceNumber}; written soon. */
  void processed(String streamArn, String shardId, String sequenceNumber) {
    positions.put(key(streamArn, shardId), sequenceNumber);
    changed = true;
    if (System.nanoTime() - writtenAt > EVERY.toNanos()) {
      write();
    }
  }

  /** Forgets the streams not in {@code current} (tables deleted or recreated). */
  void retainStreams(java.util.Set<String> current) {
    changed |=
        positions.keySet().removeIf(k -> !current.contains(k.substring(0, k.lastIndexOf(' '))));
  }

  /** Writes what changed since the last write. */
  void write() {
    if (!changed) {
      return;
    }
    try {
      AtomicJson.write(file, positions);
      changed = false;
      writtenAt = System.nanoTime();
    } catch (java.io.UncheckedIOException e) {
      LOG.warning(e.getMessage() + ": " + e.getCause().getMessage());
    }
  }

  private static String key(String streamArn, String shardId) {
    return streamArn + " " + shardId;
  }
}
