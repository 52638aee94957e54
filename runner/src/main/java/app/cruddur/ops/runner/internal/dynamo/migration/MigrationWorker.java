package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * One worker of a distributed run: the same per-page engine as a release in one process (the same
 * reads, plans and conditional writes), but its segments are claimed one at a time from the run's
 * control table under a lease, its pages recorded there while it holds the lease, and its writes
 * drawn from the run's {@link SharedBudget}. It works until every segment of the run is finished —
 * waiting for a segment another worker holds, and taking it over once that worker's lease expires —
 * or until it is told to stop: by {@code stop} (a Lambda's remaining time), or by a stop asked for
 * the run in its control table ({@code release --via --stop}, read after every page and before each
 * claim); then each segment under way stops after the page in hand, recorded, for whoever claims it
 * next.
 */
public final class MigrationWorker {
  private static final Logger LOG = Logger.getLogger(MigrationWorker.class.getName());

  /**
   * How a worker works.
   *
   * @param owner who holds its leases ({@code host pid N}; the child execution on AWS)
   * @param lease how long a lease lasts unrenewed (renewed every third of it)
   * @param workers how many workers share the run (for the budget's share)
   * @param engine the engine's settings (reader threads, writers)
   */
  public record Settings(
      String owner, Duration lease, int workers, MigrationEngine.Settings engine) {}

  /**
   * What this worker did.
   *
   * @param segmentsFinished segments whose last page it recorded
   * @param counts the counts of the pages it recorded
   * @param pagesRead pages it read
   * @param requests its write and re-read requests
   * @param throttledRetries its writes retried after throttling
   * @param backoffMillis its time spent backing off, summed over writers
   * @param throttleReasons how often it met each throttling reason
   * @param takeovers segments it took over from a worker whose lease had expired
   * @param runFinished true when it found every segment it works finished: the run's, or those it
   *     was given
   * @param stoppedBy who asked the run to stop, when that is why it ended
   */
  public record Outcome(
      int segmentsFinished,
      MigrationCounts counts,
      long pagesRead,
      long requests,
      long throttledRetries,
      long backoffMillis,
      Map<String, Long> throttleReasons,
      int takeovers,
      boolean runFinished,
      Optional<String> stoppedBy) {}

  private MigrationWorker() {}

  /**
   * Works run {@code runId} of {@code step} (whose checksum must be the run's) until it is
   * finished.
   *
   * @throws IllegalStateException when the run is unknown or of another version of the step
   */
  public static Outcome work(
      DynamoDbClient dynamo,
      ControlTable control,
      UUID runId,
      StepDefinition step,
      Settings settings,
      MigrationEngine.Listener listener) {
    return work(dynamo, control, runId, step, settings, Set.of(), () -> false, listener);
  }

  /**
   * Works {@code segments} of run {@code runId} (none: every segment of the run) until they are
   * finished or {@code stop} says so (a Lambda worker's deadline) or a stop is asked for the run
   * (its header's mark, read after every page): then each segment under way stops after the page it
   * recorded, and no other is claimed. A segment held by another worker's live lease is waited for,
   * and taken over once that lease expires.
   *
   * @throws IllegalStateException when the run is unknown or of another version of the step
   */
  public static Outcome work(
      DynamoDbClient dynamo,
      ControlTable control,
      UUID runId,
      StepDefinition step,
      Settings settings,
      Set<Integer> segments,
      BooleanSupplier stop,
      MigrationEngine.Listener listener) {
    ControlTable.Run run =
        control
            .run(runId)
            .orElseThrow(
                () -> new IllegalStateException("no run " + runId + " in " + control.name()));
    if (!run.step().equals(step.id().key()) || !run.checksum().equals(step.checksum())) {
      throw new IllegalStateException(
          "run "
              + runId
              + " is of "
              + run.step()
              + " with checksum "
              + run.checksum()
              + ", not of this worker's "
              + step.file()
              + " ("
              + step.checksum()
              + "): deploy the same seeders/ to every worker");
    }
    MigrationSpec spec = ((DynamoMigrationStepKind.MigrationStep) step.action()).spec();
    TableDescription table = dynamo.describeTable(b -> b.tableName(run.table())).table();
    WriteLimiter budget =
        run.ceiling().isPresent()
            ? new SharedBudget(
                control,
                runId,
                run.ceiling().getAsDouble(),
                run.basis(),
                settings.workers(),
                System::currentTimeMillis)
            : WriteBudget.unlimited();
    MigrationEngine engine =
        new MigrationEngine(
            new MigrationEngine.Job(
                dynamo,
                run.table(),
                MessagesTable.PK,
                MessagesTable.SK,
                spec,
                budget,
                Budgets.cost(spec.budget(), table)),
            settings.engine(),
            listener);
    StopMarked told = new StopMarked(control, runId);
    BooleanSupplier stopOrTold = () -> stop.getAsBoolean() || told.getAsBoolean();
    Claims claims =
        new Claims(control, runId, settings, segments, stopOrTold, System::currentTimeMillis);
    MigrationEngine.Pass pass =
        engine.execute(claims, Optional.of(claims), run.segments(), 0, stopOrTold);
    return new Outcome(
        pass.segmentsFinished(),
        pass.counts(),
        pass.pagesRead(),
        pass.requests(),
        pass.throttledRetries(),
        pass.backoffMillis(),
        pass.throttleReasons(),
        claims.takeovers,
        claims.runFinished,
        told.by());
  }

  /**
   * The segments this worker holds: claimed from the control table (shuffled, so that workers
   * spread over the table's partitions), renewed while worked, recorded page by page.
   */
  static final class Claims implements SegmentSource, SegmentLog {
    private final ControlTable control;
    private final UUID run;
    private final Settings settings;
    private final Set<Integer> only;
    private final BooleanSupplier stop;
    private final LongSupplier millis;
    private final Map<Integer, Held> held = new HashMap<>();
    private int takeovers;
    private boolean runFinished;

    /** A segment in hand: its recorded pages (the fence) and when its lease was last renewed. */
    private static final class Held {
      long pages;
      long renewedAt;

      Held(long pages, long renewedAt) {
        this.pages = pages;
        this.renewedAt = renewedAt;
      }
    }

    Claims(
        ControlTable control,
        UUID run,
        Settings settings,
        Set<Integer> only,
        BooleanSupplier stop,
        LongSupplier millis) {
      this.control = control;
      this.run = run;
      this.settings = settings;
      this.only = Set.copyOf(only);
      this.stop = stop;
      this.millis = millis;
    }

    @Override
    public Optional<SegmentWork> next() throws InterruptedException {
      while (true) {
        if (stop.getAsBoolean()) {
          return Optional.empty();
        }
        long now = millis.getAsLong();
        ControlTable.Claimable c;
        synchronized (this) {
          c = control.claimable(run, settings.owner(), now, only);
          List<Integer> free = new ArrayList<>(c.segments());
          free.removeAll(held.keySet());
          Collections.shuffle(free);
          for (int segment : free) {
            Optional<ControlTable.Claim> claim =
                control.claim(run, segment, settings.owner(), now, now + lease());
            if (claim.isPresent()) {
              held.put(segment, new Held(claim.get().pages(), now));
              if (claim.get().takenFrom().isPresent()) {
                takeovers++;
                LOG.info(
                    () ->
                        settings.owner()
                            + " took segment "
                            + segment
                            + " over from "
                            + claim.get().takenFrom().get());
              }
              return Optional.of(new SegmentWork(claim.get().state(), () -> keepGoing(segment)));
            }
          }
          if (!c.anyUnfinished()) {
            runFinished = true;
            return Optional.empty();
          }
        }
        // every unfinished segment is held by a live lease: wait for one to end or expire
        Thread.sleep(Math.max(50, Math.min(1000, lease() / 4)));
      }
    }

    /** Renews the lease of {@code segment} when a third of it has gone; false once it is lost. */
    private boolean keepGoing(int segment) {
      long now = millis.getAsLong();
      synchronized (this) {
        Held h = held.get(segment);
        if (h == null) {
          return false;
        }
        if (now - h.renewedAt < lease() / 3) {
          return true;
        }
        if (control.renew(run, segment, settings.owner(), now + lease())) {
          h.renewedAt = now;
          return true;
        }
        held.remove(segment);
        return false;
      }
    }

    @Override
    public void ended(SegmentWork work, boolean finished) {
      int segment = work.state().segment();
      synchronized (this) {
        if (held.remove(segment) != null && !finished) {
          control.release(run, segment, settings.owner());
        }
      }
    }

    @Override
    public void pageRead(int segment, Optional<Map<String, AttributeValue>> from, int items) {
      control.pageRead(run, segment, from, items, settings.owner(), millis.getAsLong());
    }

    @Override
    public boolean pageDone(
        int segment, Optional<Map<String, AttributeValue>> next, MigrationCounts page) {
      long now = millis.getAsLong();
      long pages;
      synchronized (this) {
        Held h = held.get(segment);
        if (h == null) {
          return false;
        }
        pages = h.pages;
      }
      boolean recorded =
          control.pageDone(run, segment, settings.owner(), pages, next, page, now + lease());
      synchronized (this) {
        Held h = held.get(segment);
        if (recorded && h != null) {
          h.pages = pages + 1;
          h.renewedAt = now;
        } else if (!recorded) {
          held.remove(segment);
        }
      }
      return recorded;
    }

    private long lease() {
      return settings.lease().toMillis();
    }
  }
}
