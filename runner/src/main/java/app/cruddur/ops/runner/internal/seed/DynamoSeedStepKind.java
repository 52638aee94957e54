package app.cruddur.ops.runner.internal.seed;

import app.cruddur.ops.runner.api.StepState;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.dynamo.BatchWriter;
import app.cruddur.ops.runner.internal.ledger.Ledger;
import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import app.cruddur.ops.runner.internal.pg.PgConnections;
import app.cruddur.ops.runner.internal.step.StepAction;
import app.cruddur.ops.runner.internal.step.StepKind;
import app.cruddur.ops.runner.internal.step.StepOutcome;
import app.cruddur.ops.runner.internal.step.StepScope;
import app.cruddur.ops.runner.internal.stepfile.StepSource;
import app.cruddur.ops.runner.internal.stepfile.YamlMap;
import app.cruddur.ops.runner.internal.stores.StoreIdentities;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code kind: dynamodb-seed}: items written to the messages table from data in the step file,
 * either a written conversation ({@code group}, {@code anchor}, {@code speakers}, {@code
 * conversation}) or synthetic volume ({@code synthetic: {users, groups, messages}}). Deterministic,
 * so a rerun (after a crash mid-way included) rewrites the same items: a conversation anchored on
 * its {@value ConversationSeed#FIRST_APPLICATION} takes that time from the ledger (the step's first
 * row), so it is the same on every rerun and new only on a new ledger.
 */
public final class DynamoSeedStepKind implements StepKind<DynamoSeedStepKind.SeedStep> {
  @Override
  public String name() {
    return "dynamodb-seed";
  }

  @Override
  public Store store() {
    return Store.DYNAMODB;
  }

  @Override
  public Class<SeedStep> actionType() {
    return SeedStep.class;
  }

  @Override
  public SeedStep parse(YamlMap body, StepSource source) {
    Optional<YamlMap> synthetic = body.optionalMap("synthetic");
    if (synthetic.isPresent()) {
      YamlMap s = synthetic.get();
      int users =
          s.optionalPositiveInt("users").orElseThrow(() -> s.error("users", "'users' is missing"));
      int groups =
          s.optionalPositiveInt("groups")
              .orElseThrow(() -> s.error("groups", "'groups' is missing"));
      int messages =
          s.optionalPositiveInt("messages")
              .orElseThrow(() -> s.error("messages", "'messages' is missing"));
      SyntheticSeed.problem(users, groups, messages, "")
          .ifPresent(
              problem -> {
                throw s.error(problem.key(), problem.text());
              });
      s.rejectUnknownKeys("synthetic");
      return new SeedStep(new SyntheticSeed(users, groups, messages, SyntheticSeed.DEFAULT_ANCHOR));
    }
    return new SeedStep(ConversationSeed.parse(body, source.file()));
  }

  /**
   * What a seed recorded in its ledger row.
   *
   * @param firstLineAt a conversation's first line, as anchored
   * @param messages messages written
   * @param groupRows group rows written
   * @param requests BatchWriteItem requests
   * @param unprocessedRetries retries of unprocessed items
   * @param throttledRetries retries after throttling
   * @param backoffMillis time spent backing off
   * @param seededAt when it finished
   */
  record SeedDetails(
      Optional<Instant> firstLineAt,
      long messages,
      long groupRows,
      long requests,
      long unprocessedRetries,
      long throttledRetries,
      long backoffMillis,
      Instant seededAt) {}

  /** One seed step: its data, written by the release and by {@code cruddur ddb seed} alike. */
  public record SeedStep(SeedData data) implements StepAction {
    @Override
    public Optional<String> pendingDetail(StepScope scope) {
      return Optional.of(data.messageCount() + " messages");
    }

    @Override
    public Set<Store> reads() {
      return Set.of(Store.POSTGRES);
    }

    @Override
    public void checkReadable(StepScope scope) {
      SeedWriter.requireUsers(scope.session(), data);
    }

    /**
     * Seeds outside a release ({@code cruddur ddb seed}): the same code the step runs, each item as
     * {@code laterChanges} (the migrations applied after it) makes it.
     */
    public SeedWriter.SeedResult write(
        StepScope scope, UnaryOperator<Map<String, AttributeValue>> laterChanges) {
      return SeedWriter.write(
          scope.session(),
          anchored(scope),
          BatchWriter.Settings.defaults(),
          scope.progress(),
          laterChanges);
    }

    /**
     * The seed with its times fixed: a conversation anchored on its first application looks that up
     * in the ledger.
     */
    SeedData anchored(StepScope scope) {
      if (!(data instanceof ConversationSeed conversation)
          || !conversation.anchoredOnFirstApplication()) {
        return data;
      }
      PgConnections postgres = scope.session().postgres();
      try (Ledger ledger = Ledger.open(postgres, "cruddur seed")) {
        // outside a release, before any (cruddur ddb seed on a new target): now, replaced by the
        // first release's
        Instant first = ledger.firstAttempt(scope.step().id().key()).orElseGet(Instant::now);
        return conversation.anchoredAt(first);
      } catch (SQLException e) {
        throw postgres.translate(
            e, "reading when " + scope.step().id().key() + " was first applied");
      }
    }

    /**
     * Writes the seed. In a sliced release it stops after a batch once the deadline passed (after
     * at least one), and answers {@link StepOutcome#paused} with the messages written so far; the
     * next run continues from there (its items are the same: nothing written is written again).
     */
    @Override
    public StepOutcome apply(StepScope scope) {
      SeedData seed = anchored(scope);
      long done = continuedFrom(scope);
      long t0 = System.nanoTime();
      SeedWriter.SeedResult r =
          SeedWriter.write(
              scope.session(),
              seed,
              BatchWriter.Settings.defaults(),
              scope.progress(),
              done,
              scope.deadline().bounded() ? scope.deadline()::passed : () -> false);
      SeedDetails details =
          new SeedDetails(
              seed instanceof ConversationSeed conversation
                  ? Optional.of(conversation.firstLineAt())
                  : Optional.empty(),
              r.messagesDone(),
              r.groupRows(),
              r.writer().requests(),
              r.writer().unprocessedRetries(),
              r.writer().throttledRetries(),
              r.writer().backoffMillis(),
              Instant.now());
      String summary =
          "wrote "
              + r.messages()
              + " messages and "
              + r.groupRows()
              + " group rows ("
              + r.writer().requests()
              + " requests, "
              + (r.writer().unprocessedRetries() + r.writer().throttledRetries())
              + " retries)";
      if (r.stopped()) {
        long left = seed.messageCount() - r.messagesDone();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        return StepOutcome.paused(
            "paused after "
                + r.messagesDone()
                + " of "
                + seed.messageCount()
                + " messages: "
                + summary,
            details,
            Optional.of(took.multipliedBy(left).dividedBy(Math.max(1, r.messages()))));
      }
      return StepOutcome.of(summary, details);
    }

    /**
     * The messages a paused run of this seed wrote, when it continues one: its last finished row is
     * PAUSED, of this file, on this very table (not one recreated since), and its batches were not
     * lost by the local engine; else none.
     */
    private long continuedFrom(StepScope scope) {
      if (scope.status().state() != StepState.PAUSED) {
        return 0;
      }
      PgConnections postgres = scope.session().postgres();
      Optional<LedgerEntry> paused;
      try (Ledger ledger = Ledger.open(postgres, "cruddur seed")) {
        paused = ledger.lastFinished(scope.step().id().key());
      } catch (SQLException e) {
        throw postgres.translate(e, "reading where " + scope.step().id().key() + " paused");
      }
      StoreIdentities identities = StoreIdentities.only(scope.session(), Set.of(Store.DYNAMODB));
      return paused
          .filter(row -> row.outcome() == LedgerEntry.Outcome.PAUSED)
          .filter(row -> row.checksum().equals(scope.step().checksum()))
          .filter(row -> row.storeIdentity().equals(Optional.of(identities.of(Store.DYNAMODB))))
          // batches the local engine lost (moto came back from an older snapshot): write them all
          .filter(row -> identities.lostWrites(Store.DYNAMODB).filter(w -> w.covers(row)).isEmpty())
          .flatMap(row -> row.details(SeedDetails.class))
          .map(SeedDetails::messages)
          .orElse(0L);
    }
  }
}
