package app.cruddur.ops.runner.cli;

import java.util.Locale;

/**
 * A progress bar for long writes: redrawn in place on a terminal (10 a second at most), a plain
 * line every two seconds otherwise, nothing with {@code --quiet} or for small writes, with the time
 * left at the rate so far. Reports from parallel writers may arrive out of order; the bar only
 * moves forward.
 */
public final class ProgressBar {
  /** Writes smaller than this get no bar. */
  public static final long SMALL = 500;

  private static final int WIDTH = 30;

  private final Output out;
  private final String label;
  private long lastDrawn;
  private long lastDone = -1;
  private long started;
  private long doneAtStart;

  public ProgressBar(Output out, String label) {
    this.out = out;
    this.label = label;
  }

  /** {@code done} of {@code total} units are finished. */
  public synchronized void update(long done, long total) {
    if (total < SMALL || done <= lastDone) {
      return;
    }
    long now = System.nanoTime();
    if (lastDone < 0) {
      started = now;
      doneAtStart = done; // a resumed step starts part-way
    }
    lastDone = done;
    boolean finished = done >= total;
    long interval = out.interactive() ? 100_000_000L : 2_000_000_000L;
    if (finished || now - lastDrawn > interval) {
      lastDrawn = now;
      int filled = (int) Math.min(WIDTH, done * WIDTH / total);
      out.progressBar(
          String.format(
              Locale.ROOT,
              "  %s [%s%s] %d/%d%s",
              label,
              "#".repeat(filled),
              ".".repeat(WIDTH - filled),
              done,
              total,
              finished ? "" : eta(now, done, total)),
          finished);
    }
  }

  /** " ETA 1m20s" at the rate since the first report; empty until there is a rate. */
  private String eta(long now, long done, long total) {
    long elapsed = now - started;
    long progressed = done - doneAtStart;
    if (progressed <= 0 || elapsed < 1_000_000_000L) {
      return "";
    }
    long seconds = Math.round((total - done) * (elapsed / 1e9) / progressed);
    return seconds >= 3600
        ? String.format(Locale.ROOT, " ETA %dh%02dm", seconds / 3600, seconds % 3600 / 60)
        : seconds >= 60
            ? String.format(Locale.ROOT, " ETA %dm%02ds", seconds / 60, seconds % 60)
            : String.format(Locale.ROOT, " ETA %ds", seconds);
  }
}
