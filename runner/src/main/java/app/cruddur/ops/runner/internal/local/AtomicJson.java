package app.cruddur.ops.runner.internal.local;

import app.cruddur.ops.runner.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The local environment's small JSON files, written whole: a reader never sees half a file. */
final class AtomicJson {
  private AtomicJson() {}

  /** Writes {@code value} as JSON to {@code file}, through a temporary file moved over it. */
  static void write(Path file, Object value) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), value);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
