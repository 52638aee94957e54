package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.Progress;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The progress of a long step, on stderr: its phase, then done/total, the rate and the time left.
 *
 * <p>On a terminal, one line redrawn in place (10 times a second at most), each redraw blanking
 * what the last one left; the filled part in colour unless {@code NO_COLOR} is set. Elsewhere (a
 * log, a pipe) no bar: one line as each phase begins. A phase that ends within {@link
 * #SHOW_AFTER_MS} is not shown, nor is a write of fewer than {@link #SMALL} items, so quick steps
 * stay quiet. Reports from parallel writers may arrive out of order; the count only moves forward.
 */
public final class ProgressBar implements Progress {
  /** Writes smaller than this get no bar. */
  public static final long SMALL = 500;

  /** A phase is shown once it has lasted this long. */
  static final long SHOW_AFTER_MS = 300;

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "progress-phase");
            t.setDaemon(true);
            return t;
          });

  private final Output out;
  private final String label;
  private String phase = "writing";
  private boolean phaseShown;
  private ScheduledFuture<?> pendingPhase;
  private long lastDrawn;
  private long lastDone = -1;
  private long started;
  private long doneAtStart;
  private boolean finished;

  public ProgressBar(Output out, String label) {
    this.out = out;
    this.label = label;
  }

  /**
   * A new phase begins ({@code checking which group rows are written}); shown once it has lasted
   * {@link #SHOW_AFTER_MS}, as a line of its own off a terminal.
   */
  @Override
  public synchronized void phase(String name) {
    if (pendingPhase != null) {
      pendingPhase.cancel(false);
    }
    phase = name;
    out.detail(name);
    phaseShown = false;
    lastDone = -1;
    finished = false;
    pendingPhase = TIMER.schedule(this::showPhase, SHOW_AFTER_MS, TimeUnit.MILLISECONDS);
  }

  private synchronized void showPhase() {
    if (phaseShown || lastDone >= 0 || finished) {
      return;
    }
    phaseShown = true;
    if (out.interactive()) {
      out.progressBar(prefix() + " …", false);
    } else {
      out.progress(prefix() + " …");
    }
  }

  /** {@code done} of {@code total} units of the current phase are finished. */
  @Override
  public synchronized void update(long done, long total) {
    if (total < SMALL || done <= lastDone || finished) {
      return;
    }
    long now = System.nanoTime();
    if (lastDone < 0) {
      started = now;
      doneAtStart = done; // a resumed step starts part-way
      if (pendingPhase != null) {
        pendingPhase.cancel(false);
      }
      if (!out.interactive()) {
        out.progress(String.format(Locale.ROOT, "%s: %d of %d items …", prefix(), done, total));
      }
    }
    lastDone = done;
    finished = done >= total;
    out.detail(phase + ": " + done + " of " + total + " items");
    if (out.interactive() && (finished || now - lastDrawn > REDRAW_NANOS)) {
      lastDrawn = now;
      out.progressBar(line(now, done, total), finished);
    }
  }

  /** Blanks a phase line left on the terminal by a phase that ended without a bar. */
  public synchronized void close() {
    if (pendingPhase != null) {
      pendingPhase.cancel(false);
    }
    if (out.interactive() && phaseShown && !finished) {
      out.progressBar("", false);
    }
    finished = true;
    out.detail(null);
  }

  private String prefix() {
    return "  " + label + " " + phase;
  }

  private String line(long now, long done, long total) {
    int filled = (int) Math.min(WIDTH, done * WIDTH / total);
    String bar = "#".repeat(filled);
    if (out.color()) {
      bar = "\u001b[32m" + bar + "\u001b[0m";
    }
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %d/%d%s",
        prefix(),
        bar,
        ".".repeat(WIDTH - filled),
        done,
        total,
        rateAndEta(now, done, total));
  }

  /** " 1,950 items/s ETA 1m20s" at the rate since the first report; empty until there is one. */
  private String rateAndEta(long now, long done, long total) {
    long elapsed = now - started;
    long progressed = done - doneAtStart;
    if (progressed <= 0 || elapsed < 1_000_000_000L) {
      return "";
    }
    double rate = progressed / (elapsed / 1e9);
    String perSecond = String.format(Locale.ROOT, "  %,.0f items/s", rate);
    if (done >= total) {
      return perSecond;
    }
    long seconds = Math.round((total - done) / rate);
    return perSecond
        + (seconds >= 3600
            ? String.format(Locale.ROOT, "  ETA %dh%02dm", seconds / 3600, seconds % 3600 / 60)
            : seconds >= 60
                ? String.format(Locale.ROOT, "  ETA %dm%02ds", seconds / 60, seconds % 60)
                : String.format(Locale.ROOT, "  ETA %ds", seconds));
  }
}
