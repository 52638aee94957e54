package app.cruddur.ops.runner.internal.dynamo.migration;

import java.util.Locale;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * One write budget for every worker of a distributed run: a token bucket in the control table. Each
 * second of wall-clock time is a slot item whose {@code used} units only grow by a conditional
 * update that keeps them within the run's rate; a worker takes a few units at a time (a share of
 * the rate, so that a slot is spread over the workers) and spends them in the same second only —
 * what is left when the second ends is dropped. So whatever the number of workers, the writes that
 * start in any second never exceed the rate. Throttling anywhere halves the run's rate in its
 * header, once a second at most, for every worker (each reads it again every second); after 5 quiet
 * seconds it grows again by a tenth a second, as {@link WriteBudget} does in one process, up to the
 * header's ceiling: the step's budget, or lower when an operator set it while the run goes on
 * ({@code cruddur ddb budget}), which every worker obeys from its next read of the header.
 */
final class SharedBudget implements WriteLimiter {
  private static final long SECOND = 1000;
  private static final long QUIET = 5 * SECOND;

  private final ControlTable control;
  private final UUID run;
  private final double ceiling;
  private final String basis;
  private final int workers;
  private final LongSupplier millis;
  private long slot = -1;
  private double tokens;
  private ControlTable.Rate rate;
  private long rateReadAt = Long.MIN_VALUE / 2;

  SharedBudget(
      ControlTable control,
      UUID run,
      double ceiling,
      String basis,
      int workers,
      LongSupplier millis) {
    this.control = control;
    this.run = run;
    this.ceiling = ceiling;
    this.basis = basis;
    this.workers = Math.max(1, workers);
    this.millis = millis;
  }

  @Override
  public boolean unlimitedBudget() {
    return false;
  }

  @Override
  public void acquire(double units) throws InterruptedException {
    while (true) {
      long wait;
      synchronized (this) {
        long now = millis.getAsLong();
        long second = now / SECOND;
        if (second != slot) {
          slot = second;
          tokens = 0; // units of a past second are never spent in this one
        }
        if (tokens >= units) {
          tokens -= units;
          return;
        }
        double limit = Math.max(1, Math.floor(rate(now)));
        double wanted = Math.min(limit, Math.max(units, Math.ceil(limit / (4.0 * workers))));
        double need = Math.min(units, limit);
        if (control.take(run, second, wanted, limit)
            || wanted > need && control.take(run, second, wanted = need, limit)) {
          if (millis.getAsLong() / SECOND == second) {
            tokens += wanted - need;
            return;
          }
          continue; // granted too late for its second: not spent
        }
        wait = (second + 1) * SECOND - millis.getAsLong();
      }
      if (wait > 0) {
        Thread.sleep(wait); // this second's share of the run is taken: the next one starts anew
      }
    }
  }

  /** The run's rate, read again from its header at most once a second; raised after quiet. */
  private double rate(long now) {
    if (rate == null || now - rateReadAt >= SECOND) {
      rate = control.rate(run);
      rateReadAt = now;
      if (rate.rate() < rate.ceiling()
          && now - rate.halvedAt() > QUIET
          && now - rate.raisedAt() >= SECOND) {
        double raised = Math.min(rate.ceiling(), rate.rate() * 1.1);
        if (control.changeRate(run, "raised_at", rate.raisedAt(), raised, now)) {
          rate = new ControlTable.Rate(raised, rate.ceiling(), rate.halvedAt(), now);
        }
      }
    }
    return Math.min(rate.rate(), rate.ceiling());
  }

  @Override
  public synchronized double throttled() {
    long now = millis.getAsLong();
    ControlTable.Rate seen = control.rate(run);
    if (now - seen.halvedAt() >= SECOND) {
      double halved = Math.max(1, seen.rate() / 2);
      if (control.changeRate(run, "halved_at", seen.halvedAt(), halved, now)) {
        rate = new ControlTable.Rate(halved, seen.ceiling(), now, now);
        rateReadAt = now;
        tokens = 0;
        return halved;
      }
    }
    rate = control.rate(run);
    rateReadAt = now;
    return rate.rate();
  }

  @Override
  public synchronized String toString() {
    return String.format(
        Locale.ROOT,
        "%.0f/s of %.0f/s (%s, shared by the run's workers)",
        rate == null ? ceiling : rate.rate(),
        rate == null ? ceiling : rate.ceiling(),
        basis);
  }
}
