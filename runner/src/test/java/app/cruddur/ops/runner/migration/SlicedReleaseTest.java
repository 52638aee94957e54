package app.cruddur.ops.runner.migration;

import static app.cruddur.ops.runner.migration.MigrationStepTest.assertTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cruddur.ops.model.ReleaseVehicle.Verb;
import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ReleaseResult;
import app.cruddur.ops.runner.api.ReleaseStatus;
import app.cruddur.ops.runner.api.ReleaseStop;
import app.cruddur.ops.runner.api.StepState;
import app.cruddur.ops.runner.api.StepStatus;
import app.cruddur.ops.runner.api.StopRequest;
import app.cruddur.ops.runner.api.VehicleAnswer;
import app.cruddur.ops.runner.api.VerbRequest;
import app.cruddur.ops.runner.internal.ledger.ReleaseLock;
import app.cruddur.ops.runner.migration.MigrationStepTest.Setup;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.CruddurProcess;
import app.cruddur.ops.runner.testing.Eventually;
import app.cruddur.ops.runner.testing.Gate;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import app.cruddur.ops.runner.testing.SliceAnswers;
import app.cruddur.ops.runner.testing.SliceProcess;
import app.cruddur.ops.runner.testing.TestProject;
import app.cruddur.ops.runner.testing.TestTarget;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A release run as time-boxed slices (issue 23): {@code release --time-box} stops at a page or step
 * boundary with exit 6 and where it stopped, and the slices together end exactly as one whole run;
 * a release workflow's slices keep a lease between them that keeps every other release out until it
 * lapses, and hand a step marked {@code long: true} to the long-step build; a stop asked for the
 * release ({@code release --via --stop}) reaches the slice in flight at its next boundary. A time
 * box of zero makes every slice do one page per segment, so the slices are many and the test is
 * quick.
 */
@ExtendWith(SharedLocalEnvironment.class)
class SlicedReleaseTest {
  static final Duration LIMIT = Duration.ofMinutes(2);

  @Test
  void slicesUnderALeaseEndItemForItemAsAWholeRunAndKeepOtherReleasesOutUntilItLapses()
      throws Exception {
    Setup s = MigrationStepTest.setUp(MigrationCase.SET_ATTRIBUTE, "sliced", 4, 10, "", 80, 10);
    s.project()
        .write(
            "seeders/V012__long_backfill.yaml",
            MigrationCase.SET_ATTRIBUTE.stepFile(2, 100, "long: true").replace("V011", "V012"));

    ReleaseResult first = slice(s, "execution-a", Optional.empty());

    assertThat(first.unfinished()).isPresent();
    assertThat(first.unfinished().get().where()).startsWith("V011 paused after");
    assertThat(first.unfinished().get().left()).containsExactly("V011", "V012");
    assertThat(first.unfinished().get().estimateSeconds()).isPositive();
    // between slices: nobody else releases, the CLI neither (exit 5 naming the execution)
    Cli.Result locked = s.run("release");
    assertThat(locked.exitCode()).as(locked.toString()).isEqualTo(5);
    assertThat(locked.errorLine()).contains("the release of execution-a is in progress (slice 1");
    assertThatThrownBy(() -> slice(s, "execution-b", Optional.empty()))
        .isInstanceOfSatisfying(
            CruddurException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_HELD));
    ReleaseStatus status = status(s);
    assertThat(status.inProgress())
        .hasValueSatisfying(p -> assertThat(p.owner()).isEqualTo("execution-a"));
    assertThat(status.steps())
        .filteredOn(st -> st.version().equals("V011"))
        .extracting(StepStatus::state)
        .containsExactly(StepState.RUNNING);

    // its slices died and its workflow is gone: the lease lapses and the next release takes over;
    // a time-boxed one stops at a page boundary with exit 6 and where it stopped
    s.target().execute("UPDATE cruddur_release_lease SET expires_at = now() - interval '1 second'");
    Cli.Result timeBoxed = s.run("release", "--time-box", "0s");
    assertThat(timeBoxed.exitCode()).as(timeBoxed.toString()).isEqualTo(6);
    assertThat(timeBoxed.out())
        .containsPattern("V011 +dynamodb-migration +dynamodb +paused .* paused after ")
        .contains("Stopped with work left (below): applied 0 steps to ");
    assertThat(timeBoxed.errorLine())
        .contains("the time box of 0 s ran out. Work left: V011 paused after")
        .contains("Release again to continue");
    assertThat(timeBoxed.err()).contains("took over the lapsed lease of execution-a's release");

    ReleaseResult next = slice(s, "execution-b", Optional.empty());
    assertThatThrownBy(() -> slice(s, "execution-a", Optional.empty()))
        .isInstanceOfSatisfying(
            CruddurException.class,
            e -> assertThat(e.getMessage()).contains("the release of execution-b"));
    int slices = 3;
    while (next.unfinished().isPresent() && next.unfinished().get().longStep().isEmpty()) {
      next = slice(s, "execution-b", Optional.empty());
      assertThat(++slices).isLessThan(40);
    }
    // V011 done; the long step is not run by a slice but handed to the build, which runs it whole
    assertThat(next.unfinished().get().where()).isEqualTo("before V012");
    assertThat(next.applied()).noneMatch(r -> r.version().equals("V012"));
    ReleaseResult build = slice(s, "execution-b", Optional.of("V012"));
    assertThat(build.unfinished()).isEmpty();
    assertThat(build.applied()).singleElement().satisfies(r -> assertThat(r.paused()).isFalse());
    assertThat(status(s).inProgress()).isEmpty();
    assertThat(s.run("release").out()).contains("Nothing to do");

    assertThat(slices).as("slices that paused V011").isGreaterThan(2);
    assertTable(
        s.table(), MigrationCase.SET_ATTRIBUTE.expectedTable(s.items()), "after the slices");
    // the ledger: a PAUSED row per slice that stopped in V011, one SUCCEEDED row with the whole
    // run's counts, as an uninterrupted run records them
    assertThat(
            MigrationStepTest.lines(
                s.target(), "SELECT outcome FROM cruddur_release_ledger WHERE step = 'V011'"))
        .containsOnly("PAUSED", "SUCCEEDED")
        .containsOnlyOnce("SUCCEEDED");
    assertRecordedWithTheWholeRunsCounts(s);
  }

  @Test
  void aSliceStopsBetweenStepsOnceTheyTakeItsAnswersShareAndTheNextSliceGoesOn() throws Exception {
    // three steps; the slices' answers here hold one step each (at least one: slices progress)
    List<Setup> setUps = new ArrayList<>();
    for (String name : List.of("answer_share", "answer_share_whole")) {
      Setup s = MigrationStepTest.setUp(MigrationCase.SET_ATTRIBUTE, name, 1, 100, "", 10, 2);
      String file = MigrationCase.SET_ATTRIBUTE.stepFile(1, 100, "");
      s.project().write("seeders/V012__again.yaml", file).write("seeders/V013__again.yaml", file);
      setUps.add(s);
    }
    Setup sliced = setUps.get(0);
    List<ReleaseResult> slices = new ArrayList<>();
    do {
      try (Release release =
          sliced.target().release(sliced.project().dir()).sliceStepsBytes(1).load()) {
        slices.add((ReleaseResult) release.run(aSliceOf("execution-s")));
      }
    } while (slices.get(slices.size() - 1).unfinished().isPresent() && slices.size() < 5);

    assertThat(slices).hasSize(3);
    assertThat(slices.get(0).failure().orElseThrow().getMessage())
        .startsWith(
            "the slice ran 1 step, as many as its answer holds. Work left: before V012; 1 more"
                + " step (V013); about ");
    assertThat(slices.get(1).unfinished().orElseThrow().where()).isEqualTo("before V013");
    assertThat(slices)
        .extracting(r -> r.applied().get(0).version())
        .containsExactly("V011", "V012", "V013");
    assertThat(slices).allSatisfy(r -> assertThat(r.applied()).hasSize(1));
    assertThat(status(sliced).inProgress()).isEmpty();

    // with the whole share, one slice runs all three; both end alike, the ledger and the table
    Setup whole = setUps.get(1);
    try (Release release = whole.target().release(whole.project().dir()).load()) {
      ReleaseResult one = (ReleaseResult) release.run(aSliceOf("execution-w"));
      assertThat(one.unfinished()).isEmpty();
      assertThat(one.applied()).hasSize(3);
    }
    String rows =
        "SELECT step || ' ' || outcome || ' ' || (details->>'scanned') || ' '"
            + " || (details->>'changed') FROM cruddur_release_ledger ORDER BY id";
    assertThat(MigrationStepTest.lines(sliced.target(), rows))
        .hasSize(3)
        .isEqualTo(MigrationStepTest.lines(whole.target(), rows));
    assertTable(sliced.table(), whole.table(), "after the slices");
  }

  private static VerbRequest aSliceOf(String execution) {
    return VerbRequest.slice(
        new VerbRequest.Slice(execution, Duration.ofSeconds(60), Optional.empty()), true);
  }

  @Test
  void aStopAskedMidRunStopsTheSliceAtTheNextPageBoundaryAndEndsItsLease() throws Exception {
    // one segment of ten-item pages: the stop is asked while the first page is written
    Setup s = MigrationStepTest.setUp(MigrationCase.SET_ATTRIBUTE, "stopped", 1, 10, "", 80, 10);
    List<ReleaseStop> asked = new CopyOnWriteArrayList<>();
    List<ReleaseStatus> pending = new CopyOnWriteArrayList<>();
    List<Cli.Result> shown = new CopyOnWriteArrayList<>();
    ReleaseListener stopper =
        new ReleaseListener() {
          @Override
          public void stepProgress(StepStatus step, long done, long total) {
            if (asked.isEmpty() && step.version().equals("V011")) {
              // what the vehicle's stop verb runs, from another session, mid-slice; then status
              // (the vehicle's verb for status --via, and the CLI's text and JSON)
              try (Release other = s.target().release(s.project().dir()).actor("ops@x").load()) {
                asked.add((ReleaseStop) other.run(VerbRequest.of(Verb.STOP, true)));
                pending.add((ReleaseStatus) other.run(VerbRequest.of(Verb.STATUS, true)));
              }
              shown.add(s.run("status"));
              shown.add(s.run("status", "-o", "json"));
            }
          }
        };
    VerbRequest request =
        VerbRequest.slice(
            new VerbRequest.Slice("execution-s", Duration.ofSeconds(60), Optional.empty()), true);
    ReleaseResult stopped;
    try (Release release =
        s.target()
            .release(s.project().dir())
            .timeBox(Duration.ofMinutes(10))
            .listener(stopper)
            .load()) {
      stopped = (ReleaseResult) release.run(request);
    }

    assertThat(asked)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.outcome()).isEqualTo(ReleaseStop.Outcome.REQUESTED);
              assertThat(a.owner()).contains("execution-s");
            });
    // status, while the slice is on its way to its boundary: the stop asked, by whom and when
    StopRequest stop =
        pending
            .get(0)
            .inProgress()
            .orElseThrow()
            .stop()
            .orElseThrow(() -> new AssertionError(pending));
    assertThat(stop.by()).isEqualTo("ops@x");
    assertThat(
            Json.mapper()
                .treeToValue(Json.mapper().valueToTree(pending.get(0)), ReleaseStatus.class)
                .inProgress()
                .orElseThrow()
                .stop())
        .as("as status --via reads the vehicle's answer back")
        .contains(stop);
    assertThat(shown.get(0).out())
        .as(shown.get(0).toString())
        .contains("In progress: the release of execution-s, slice 1")
        .contains(
            "; a stop was asked by ops@x at " + stop.at() + ": it stops at its next boundary");
    JsonNode inProgress = Json.mapper().readTree(shown.get(1).out()).at("/result/inProgress");
    assertThat(inProgress.at("/stop/by").asText()).as(shown.get(1).out()).isEqualTo("ops@x");
    assertThat(Instant.parse(inProgress.at("/stop/at").asText())).isEqualTo(stop.at());
    assertThat(stopped.unfinished())
        .hasValueSatisfying(
            u -> {
              assertThat(u.stopped()).isTrue();
              assertThat(u.why()).isEqualTo("stopped as asked by ops@x");
              assertThat(u.where()).startsWith("V011 paused after 10 ");
            });
    assertThat(stopped.applied()).singleElement().satisfies(r -> assertThat(r.paused()).isTrue());
    assertThat(stopped.failure())
        .hasValueSatisfying(
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.RELEASE_STOPPED);
              assertThat(e.exitCode().code()).isEqualTo(6);
            });
    // the slice answers failed with RELEASE_STOPPED: the workflow ends, no further slice
    VehicleAnswer answer = SliceAnswers.of(request, stopped);
    assertThat(answer.slice().orElseThrow().outcome()).isEqualTo(ReleaseWorkflow.Outcome.FAILED);
    // the lease is ended: the next release, anyone's, starts at once and continues from the
    // checkpoint
    assertThat(status(s).inProgress()).isEmpty();
    Cli.Result next = s.run("release");
    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(next.err()).doesNotContain("lapsed lease");

    assertTable(s.table(), MigrationCase.SET_ATTRIBUTE.expectedTable(s.items()), "after the stop");
    assertThat(
            MigrationStepTest.lines(
                s.target(), "SELECT outcome FROM cruddur_release_ledger WHERE step = 'V011'"))
        .containsExactlyInAnyOrder("PAUSED", "SUCCEEDED");
    assertRecordedWithTheWholeRunsCounts(s);
  }

  @Test
  void aStopThatCannotReachTheControlTableWarnsOnOneLineAndIsStillRecordedOnTheLease()
      throws Exception {
    Setup s = MigrationStepTest.setUp(MigrationCase.SET_ATTRIBUTE, "untold", 1, 10, "", 20, 2);
    assertThat(slice(s, "execution-u", Optional.empty()).unfinished()).isPresent();
    ReleaseStop asked;
    // a slice in flight (it holds the release lock); the control table behind a closed port
    try (Connection inFlight = s.target().connect();
        ReleaseLock held = ReleaseLock.acquire(inFlight, Duration.ZERO);
        Release other =
            s.target()
                .release(s.project().dir())
                .actor("ops@x")
                .interceptor(new ControlTableUnreachable())
                .load()) {
      asked = (ReleaseStop) other.run(VerbRequest.of(Verb.STOP, true));
    }

    assertThat(asked.outcome()).isEqualTo(ReleaseStop.Outcome.REQUESTED);
    assertThat(asked.workersTold()).isEmpty();
    assertThat(asked.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.code()).isEqualTo("WORKERS_NOT_TOLD");
              assertThat(w.message())
                  .doesNotContain("\n")
                  .startsWith("could not tell the workers of a distributed migration to stop (")
                  .contains("127.0.0.1")
                  .endsWith("): those running go on until their own deadline");
            });
    assertThat(status(s).inProgress().orElseThrow().stop())
        .as("the lease's stop is recorded all the same")
        .hasValueSatisfying(stop -> assertThat(stop.by()).isEqualTo("ops@x"));
  }

  /** Sends every request on a control table ({@code <table>-control}) to a closed port. */
  static final class ControlTableUnreachable implements ExecutionInterceptor {
    private final int closed;

    ControlTableUnreachable() throws java.io.IOException {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        closed = socket.getLocalPort();
      }
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(
        Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
      boolean control =
          context
              .request()
              .getValueForField("TableName", String.class)
              .filter(t -> t.endsWith("-control"))
              .isPresent();
      return control
          ? context.httpRequest().toBuilder().host("127.0.0.1").port(closed).build()
          : context.httpRequest();
    }
  }

  @Test
  void aSliceKilledMidPageLeavesItsLeaseAndTheNextSliceOfItsExecutionCompletesFromTheCheckpoints()
      throws Exception {
    // four segments of ten-item pages: once 50 items are done, some page has been recorded
    Setup s = MigrationStepTest.setUp(MigrationCase.SET_ATTRIBUTE, "killed", 4, 10, "", 80, 10);
    int heldAt = 50;
    assertThat(s.items()).hasSizeGreaterThan(heldAt);
    String owner = "execution-k";
    CruddurProcess killed;
    try (Gate gate = Gate.shut(s.target())) {
      killed = SliceProcess.start(s.project(), s.target(), owner, "V011", heldAt);
      if (!killed.reaches(() -> Gate.waiting(s.target()), LIMIT)) {
        throw new AssertionError(
            "the slice did not reach the gate inside V011: " + killed.await(LIMIT));
      }
      killed.kill();
    }
    // its session is gone with the process (the release lock with it); its lease is not
    s.target().awaitSessionsGone(ReleaseLock.sliceSessionName(owner));
    String killedAt = s.target().queryOne("SELECT now()");
    // mid-page: items done beyond what the recorded pages hold, and some page recorded
    assertThat(s.target().queryOne("SELECT sum(pages) > 0 FROM cruddur_migration_segment"))
        .isEqualTo("t");
    assertThat(
            Long.parseLong(
                s.target().queryOne("SELECT sum(scanned) FROM cruddur_migration_segment")))
        .isLessThan(heldAt);
    List<String> checkpoints =
        MigrationStepTest.lines(
            s.target(),
            "SELECT segment || ' ' || coalesce(position::text, 'start') FROM"
                + " cruddur_migration_segment WHERE NOT finished ORDER BY segment");
    // what the dead slice wrote in pages it never recorded (the next slice meets those items done),
    // counted once moto has served the writes it had in flight when it died
    Map<String, Map<String, AttributeValue>> before = MessagesFixture.byKey(s.items());
    long written =
        Eventually.steady(
            () ->
                s.table().entrySet().stream()
                    .filter(e -> !e.getValue().equals(before.get(e.getKey())))
                    .count());
    long unrecorded =
        written
            - Long.parseLong(
                s.target().queryOne("SELECT sum(changed) FROM cruddur_migration_segment"));
    Cli.Result other = s.run("release");
    assertThat(other.exitCode()).as(other.toString()).isEqualTo(5);
    assertThat(other.errorLine()).contains("the release of " + owner + " is in progress");

    ReleaseResult next;
    try (Release release =
        s.target().release(s.project().dir()).timeBox(Duration.ofMinutes(10)).load()) {
      next =
          (ReleaseResult)
              release.run(
                  VerbRequest.slice(
                      new VerbRequest.Slice(owner, Duration.ofSeconds(60), Optional.empty()),
                      true));
    }

    assertThat(next.unfinished()).isEmpty();
    assertThat(status(s).inProgress()).isEmpty();
    assertTable(
        s.table(), MigrationCase.SET_ATTRIBUTE.expectedTable(s.items()), "after the next slice");
    assertThat(s.target().queryOne("SELECT count(*) FROM cruddur_migration_run"))
        .as("one run, resumed")
        .isEqualTo("1");
    for (String checkpoint : checkpoints) {
      String segment = checkpoint.substring(0, checkpoint.indexOf(' '));
      assertThat(
              segment
                  + " "
                  + s.target()
                      .queryOne(
                          "SELECT coalesce(from_position::text, 'start') FROM"
                              + " cruddur_migration_read WHERE segment = "
                              + segment
                              + " AND read_at > '"
                              + killedAt
                              + "' ORDER BY id LIMIT 1"))
          .as("segment " + segment + " continues at its checkpoint")
          .isEqualTo(checkpoint);
    }
    assertThat(
            MigrationStepTest.lines(
                s.target(), "SELECT outcome FROM cruddur_release_ledger WHERE step = 'V011'"))
        .as("the killed slice's attempt, and the one that completed")
        .containsExactlyInAnyOrder("STARTED", "SUCCEEDED");
    // every item counted once; those written in the dead slice's unrecorded pages as already done
    JsonNode details = succeeded(s);
    long changes = MigrationCase.SET_ATTRIBUTE.changes(s.items());
    assertThat(details.get("scanned").asLong()).isEqualTo(s.items().size());
    assertThat(details.get("changed").asLong()).isEqualTo(changes - unrecorded);
    assertThat(
            details.get("changed").asLong()
                + details.get("alreadyDone").asLong()
                + details.get("skipped").asLong())
        .isEqualTo(s.items().size());
    assertThat(details.get("failed").asLong() + details.get("changedElsewhere").asLong()).isZero();
  }

  @Test
  void slicesStopALiquibaseStepAfterAChangesetAndASeedAfterABatchAndEndAsAWholeRelease()
      throws Exception {
    // the schema (nine changesets in the dev context, the first run on every release), the table,
    // a seed of 4 group rows and 60 messages (batches of 25)
    TestProject project = TestProject.copyOfRepository("changesets");
    try (var files = Files.list(project.file("seeders"))) {
      for (var f : files.toList()) {
        if (!f.endsWith("V001__schema.yaml") && !f.endsWith("V002__messages_table.yaml")) {
          Files.delete(f);
        }
      }
    }
    project
        .write(
            "migrations/000_always.sql",
            "--liquibase formatted sql\n\n"
                + "--changeset cruddur:000-always runAlways:true\n"
                + "SELECT 1;\n"
                + "--rollback SELECT 1;\n")
        .write(
            "migrations/changelog.yaml",
            project
                .read("migrations/changelog.yaml")
                .replace(
                    "databaseChangeLog:\n",
                    "databaseChangeLog:\n  - include:\n      file: migrations/000_always.sql\n"));
    project.write(
        "seeders/V005__volume.yaml",
        "kind: dynamodb-seed\nsynthetic: {users: 4, groups: 2, messages: 60}\n");
    TestTarget sliced = TestTarget.fresh("changesets");
    Cli cli = Cli.in(SharedLocalEnvironment.dir()).projectDir(project.dir());

    // a time box of zero has passed before the first step starts: one changeset, then the boundary
    Cli.Result timeBoxed = cli.run(sliced.args("release", "--time-box", "0s"));
    assertThat(timeBoxed.exitCode()).as(timeBoxed.toString()).isEqualTo(6);
    assertThat(timeBoxed.out())
        .containsPattern("V001 +liquibase +postgres +paused ")
        .contains("Stopped with work left (below): applied 0 steps to ");
    assertThat(timeBoxed.errorLine())
        .contains(
            "the time box of 0 s ran out. Work left: V001 paused after changeset"
                + " migrations/000_always.sql::000-always::cruddur (1 of 9): applied 1 changeset:"
                + " 000-always")
        .contains("Release again to continue");
    assertThat(changesets(sliced)).containsExactly("000-always");
    // committed, Liquibase's own lock released, and not applied as far as our ledger knows
    assertThat(MigrationStepTest.lines(sliced, "SELECT locked::text FROM databasechangeloglock"))
        .containsOnly("false");
    assertThat(outcomes(sliced, "V001")).containsExactly("PAUSED");
    // status says how far, as the release's line did
    try (Release release = sliced.release(project.dir()).load()) {
      assertThat(release.status().steps())
          .filteredOn(st -> st.version().equals("V001"))
          .singleElement()
          .satisfies(st -> assertThat(st.state()).isEqualTo(StepState.PAUSED))
          .satisfies(
              st ->
                  assertThat(st.reason())
                      .matches(
                          "paused at \\S+ \\(after changeset"
                              + " migrations/000_always\\.sql::000-always::cruddur \\(1 of 9\\)\\);"
                              + " the next release continues it"));
    }

    // a release workflow's slices, each answering more until the last: one new changeset a slice
    // (after the one that runs on every release: no progress on its own)
    List<String> where = new ArrayList<>();
    ReleaseResult next;
    do {
      int before = changesets(sliced).size();
      VerbRequest request =
          VerbRequest.slice(
              new VerbRequest.Slice("execution-l", Duration.ofSeconds(60), Optional.empty()), true);
      try (Release release = sliced.release(project.dir()).timeBox(Duration.ZERO).load()) {
        next = (ReleaseResult) release.run(request);
      }
      if (where.size() < 8) {
        assertThat(changesets(sliced)).as("after slice " + where.size()).hasSize(before + 1);
      }
      next.unfinished().ifPresent(u -> where.add(u.where()));
      VehicleAnswer answer = SliceAnswers.of(request, next);
      assertThat(answer.slice().orElseThrow().outcome())
          .isEqualTo(
              next.unfinished().isPresent()
                  ? ReleaseWorkflow.Outcome.MORE
                  : ReleaseWorkflow.Outcome.DONE);
    } while (next.unfinished().isPresent() && where.size() < 20);
    assertThat(where.subList(0, 7))
        .allSatisfy(w -> assertThat(w).startsWith("V001 paused after changeset "))
        .satisfies(w -> assertThat(w.get(0)).contains("::001-users::cruddur (1 of 8): "))
        .satisfies(w -> assertThat(w.get(6)).contains("(1 of 2): applied 1 changeset: "));
    // the seed: the group rows and 21 messages, then 25, then the last 14
    assertThat(where.subList(7, where.size()))
        .satisfiesExactly(
            w -> assertThat(w).isEqualTo("before V002"),
            w -> assertThat(w).isEqualTo("before V005"),
            w -> assertThat(w).startsWith("V005 paused after 21 of 60 messages: wrote 21 "),
            w -> assertThat(w).startsWith("V005 paused after 46 of 60 messages: wrote 25 "));
    assertThat(next.applied())
        .singleElement()
        .satisfies(r -> assertThat(r.summary()).startsWith("wrote 14 messages and 0 group rows"));

    // the same as one uninterrupted release: DATABASECHANGELOG, the ledger's record, the schema,
    // the users, the items; nothing written twice
    TestTarget whole = TestTarget.fresh("changesets_whole");
    try (Release release = whole.release(project.dir()).load()) {
      assertThat(release.apply().unfinished()).isEmpty();
    }
    assertThat(changesets(sliced)).hasSize(9);
    assertThat(outcomes(sliced, "V001"))
        .hasSize(9)
        .containsOnlyOnce("SUCCEEDED")
        .endsWith("SUCCEEDED");
    assertThat(outcomes(sliced, "V005")).containsExactly("PAUSED", "PAUSED", "SUCCEEDED");
    for (String sql :
        List.of(
            "SELECT id || ' ' || md5sum FROM databasechangelog ORDER BY id",
            "SELECT step || ' ' || details::text FROM cruddur_release_ledger WHERE step = 'V001'"
                + " AND outcome = 'SUCCEEDED'",
            "SELECT table_name || '.' || column_name || ' ' || data_type FROM"
                + " information_schema.columns WHERE table_schema = 'public' AND table_name IN"
                + " ('users', 'activities') ORDER BY 1",
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename IN"
                + " ('users', 'activities') ORDER BY 1",
            "SELECT uuid || ' ' || handle FROM users ORDER BY 1",
            // the slices' requests add up to the whole run's; the last row counts every message
            "SELECT sum((details->>'requests')::int) FROM cruddur_release_ledger WHERE step ="
                + " 'V005'",
            "SELECT details->>'messages' FROM cruddur_release_ledger WHERE step = 'V005' AND"
                + " outcome = 'SUCCEEDED'")) {
      assertThat(MigrationStepTest.lines(sliced, sql))
          .as(sql)
          .isNotEmpty()
          .isEqualTo(MigrationStepTest.lines(whole, sql));
    }
    assertThat(MessagesFixture.snapshot(sliced)).hasSize(64);
    assertTable(
        MessagesFixture.snapshot(sliced), MessagesFixture.snapshot(whole), "after the slices");
  }

  private static List<String> changesets(TestTarget target) {
    return MigrationStepTest.lines(
        target, "SELECT id FROM databasechangelog ORDER BY orderexecuted");
  }

  private static List<String> outcomes(TestTarget target, String step) {
    return MigrationStepTest.lines(
        target,
        "SELECT outcome FROM cruddur_release_ledger WHERE step = '" + step + "' ORDER BY id");
  }

  /** V011's one SUCCEEDED ledger row holds the whole run's counts, as an uninterrupted run's. */
  private static void assertRecordedWithTheWholeRunsCounts(Setup s) throws Exception {
    JsonNode details = succeeded(s);
    assertThat(details.get("scanned").asLong()).isEqualTo(s.items().size());
    assertThat(details.get("changed").asLong())
        .isEqualTo(MigrationCase.SET_ATTRIBUTE.changes(s.items()));
  }

  /** The details of V011's SUCCEEDED ledger row. */
  private static JsonNode succeeded(Setup s) throws Exception {
    return Json.mapper()
        .readTree(
            s.target()
                .queryOne(
                    "SELECT details FROM cruddur_release_ledger WHERE step = 'V011' AND"
                        + " outcome = 'SUCCEEDED'"));
  }

  private static ReleaseResult slice(Setup s, String owner, Optional<String> longStep) {
    try (Release release = s.target().release(s.project().dir()).timeBox(Duration.ZERO).load()) {
      return (ReleaseResult)
          release.run(
              VerbRequest.slice(
                  new VerbRequest.Slice(owner, Duration.ofSeconds(60), longStep), true));
    }
  }

  private static ReleaseStatus status(Setup s) {
    try (Release release = s.target().release(s.project().dir()).load()) {
      return release.status();
    }
  }
}
