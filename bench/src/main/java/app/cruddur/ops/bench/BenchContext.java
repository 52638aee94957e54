package app.cruddur.ops.bench;

import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.api.LocalEnvironment;
import java.nio.file.Path;

/**
 * What benchmarks share: the repository, BENCHMARKS.md, and a local environment of their own in
 * {@code bench/.work/local} (started once, stopped at the end).
 */
public final class BenchContext implements AutoCloseable {
  private final Path root;
  private LocalEnvironment local;

  BenchContext(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path report() {
    return root.resolve("BENCHMARKS.md");
  }

  /** The benchmarks' local environment directory. */
  public Path localDir() {
    return root.resolve("bench").resolve(".work").resolve("local");
  }

  /** Starts (once) and returns the benchmarks' local environment. */
  public synchronized LocalEndpoints local() {
    if (local == null) {
      local = LocalEnvironment.at(localDir());
    }
    return local.endpoints();
  }

  @Override
  public void close() {
    if (local != null) {
      local.down();
    }
  }
}
