package app.cruddur.ops.runner.cli;

import java.util.Locale;

/**
 * A progress bar for long writes: redrawn in place on a terminal (10 a second at most), a plain
 * line every two seconds otherwise, nothing with {@code --quiet} or for small writes. Reports from
 * parallel writers may arrive out of order; the bar only moves forward.
 */
public final class ProgressBar {
  /** Writes smaller than this get no bar. */
  public static final long SMALL = 500;
  private static final int WIDTH = 30;

  private final Output out;
  private final String label;
  private long lastDrawn;
  private long lastDone = -1;

  public ProgressBar(Output out, String label) {
    this.out = out;
    this.label = label;
  }

  /** {@code done} of {@code total} units are finished. */
  public synchronized void update(long done, long total) {
    if (total < SMALL || done <= lastDone) {
      return;
    }
    lastDone = done;
    boolean finished = done >= total;
    long now = System.nanoTime();
    long interval = out.interactive() ? 100_000_000L : 2_000_000_000L;
    if (finished || now - lastDrawn > interval) {
      lastDrawn = now;
      int filled = (int) Math.min(WIDTH, done * WIDTH / total);
      out.progressBar(String.format(Locale.ROOT, "  %s [%s%s] %d/%d", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
          done, total), finished);
    }
  }
}
