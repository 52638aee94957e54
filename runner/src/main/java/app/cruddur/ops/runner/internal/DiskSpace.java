package app.cruddur.ops.runner.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Free space where the local environment writes: a full disk is said as such, not as an engine that
 * "does not answer".
 */
public final class DiskSpace {
  /** Below this much free space (a PostgreSQL WAL segment) the disk counts as full. */
  public static final long FULL_BELOW_MIB = 16;

  private DiskSpace() {}

  /**
   * Usable space on the file system of {@code dir} (or its nearest existing parent), in MiB; -1
   * when it cannot be told.
   */
  public static long freeMib(Path dir) {
    Path p = dir.toAbsolutePath();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    try {
      return p == null ? -1 : Files.getFileStore(p).getUsableSpace() / (1024 * 1024);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** True when {@code dir} is on a file system with less than {@link #FULL_BELOW_MIB} free. */
  public static boolean isFull(Path dir) {
    long free = freeMib(dir);
    return free >= 0 && free < FULL_BELOW_MIB;
  }
}
