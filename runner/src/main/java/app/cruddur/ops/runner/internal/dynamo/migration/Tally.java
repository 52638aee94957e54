package app.cruddur.ops.runner.internal.dynamo.migration;

import java.util.concurrent.atomic.AtomicLong;

/** Counts of one page or one run, added to from several writer threads. */
final class Tally {
  final AtomicLong changed = new AtomicLong();
  final AtomicLong alreadyDone = new AtomicLong();
  final AtomicLong skipped = new AtomicLong();
  final AtomicLong changedElsewhere = new AtomicLong();
  final AtomicLong failed = new AtomicLong();

  void add(ConditionalWriter.Outcome outcome) {
    switch (outcome) {
      case CHANGED -> changed.incrementAndGet();
      case ALREADY_DONE -> alreadyDone.incrementAndGet();
      case SKIPPED -> skipped.incrementAndGet();
      case CHANGED_ELSEWHERE -> changedElsewhere.incrementAndGet();
      case FAILED -> failed.incrementAndGet();
    }
  }

  /** Adds a page's counts. */
  void add(MigrationCounts page) {
    changed.addAndGet(page.changed());
    alreadyDone.addAndGet(page.alreadyDone());
    skipped.addAndGet(page.skipped());
    changedElsewhere.addAndGet(page.changedElsewhere());
    failed.addAndGet(page.failed());
  }

  MigrationCounts snapshot() {
    long c = changed.get();
    long a = alreadyDone.get();
    long s = skipped.get();
    long e = changedElsewhere.get();
    long f = failed.get();
    return new MigrationCounts(c + a + s + e + f, c, a, s, e, f);
  }
}
