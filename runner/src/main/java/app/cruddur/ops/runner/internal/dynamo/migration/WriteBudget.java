package app.cruddur.ops.runner.internal.dynamo.migration;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How fast a migration writes: a rate in write units a second, shared by every writer thread,
 * halved when DynamoDB throttles (once a second at most) (so the app's own traffic gets its
 * capacity back at once) and raised again by a tenth a second while it does not, up to the ceiling
 * (additive-increase would take minutes to recover on a large table; a tenth is gentle enough
 * against on-demand's doubling). The unlimited budget only backs off with the writers.
 */
public final class WriteBudget implements WriteLimiter {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long QUIET = 5 * SECOND;

  private final double ceiling;
  private final String basis;
  private final LongSupplier clock;
  private double rate;
  private long nextFree;
  private long lastThrottle = Long.MIN_VALUE / 2;
  private long lastRaise;
  private long lastHalving = Long.MIN_VALUE / 2;

  private WriteBudget(double ceiling, String basis, LongSupplier clock) {
    this.ceiling = ceiling;
    this.basis = basis;
    this.clock = clock;
    this.rate = ceiling;
    this.nextFree = clock.getAsLong();
    this.lastRaise = nextFree;
  }

  /** No limit but DynamoDB's own. */
  public static WriteBudget unlimited() {
    return new WriteBudget(Double.POSITIVE_INFINITY, "unlimited", System::nanoTime);
  }

  /**
   * At most {@code unitsPerSecond}; {@code basis} says where the number comes from, for the plan
   * and the log.
   */
  public static WriteBudget perSecond(double unitsPerSecond, String basis) {
    return perSecond(unitsPerSecond, basis, System::nanoTime);
  }

  static WriteBudget perSecond(double unitsPerSecond, String basis, LongSupplier clock) {
    if (!(unitsPerSecond > 0)) {
      throw new IllegalArgumentException("a write budget is more than 0 a second");
    }
    return new WriteBudget(unitsPerSecond, basis, clock);
  }

  /** True when there is no limit. */
  @Override
  public boolean unlimitedBudget() {
    return Double.isInfinite(ceiling);
  }

  /** Where the ceiling comes from ("50% of 4000 WCU (on-demand)"). */
  public String basis() {
    return basis;
  }

  /** The ceiling, units a second (infinite when unlimited). */
  public double ceiling() {
    return ceiling;
  }

  /** The rate now, units a second. */
  public synchronized double rate() {
    return rate;
  }

  /** Waits until {@code units} may be written. */
  @Override
  public void acquire(double units) throws InterruptedException {
    long wait = reserve(units);
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  /** Reserves {@code units} and returns how long to wait for them (ns). */
  synchronized long reserve(double units) {
    if (unlimitedBudget()) {
      return 0;
    }
    long now = clock.getAsLong();
    if (rate < ceiling && now - lastThrottle > QUIET && now - lastRaise >= SECOND) {
      rate = Math.min(ceiling, rate * 1.1);
      lastRaise = now;
    }
    long start = Math.max(now, nextFree);
    nextFree = start + (long) (units / rate * SECOND);
    return start - now;
  }

  /**
   * DynamoDB throttled a write: halve the rate (not below one unit a second), once a second at most
   * (every writer in flight sees the same throttling). Returns the new rate.
   */
  @Override
  public synchronized double throttled() {
    long now = clock.getAsLong();
    if (!unlimitedBudget() && now - lastHalving >= SECOND) {
      rate = Math.max(1, rate / 2);
      lastHalving = now;
      lastRaise = now;
    }
    lastThrottle = now;
    return rate;
  }

  @Override
  public synchronized String toString() {
    return unlimitedBudget()
        ? "unlimited"
        : String.format(Locale.ROOT, "%.0f/s of %.0f/s (%s)", rate, ceiling, basis);
  }
}
