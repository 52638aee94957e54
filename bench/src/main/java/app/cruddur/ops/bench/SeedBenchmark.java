package app.cruddur.ops.bench;

import app.cruddur.ops.runner.internal.dynamo.BatchWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * "seed": 10,000 messages written three ways, side by side in one run, on moto and on dynalite: our
 * whole {@code cruddur ddb seed} command (JVM start included), the course's sequential put_item
 * loop (bench/course/seed.py, boto3), and a bare parallel BatchWriteItem loop in this JVM (the
 * engine's ceiling). Each repetition uses fresh tables and runs the three in a rotated order; the
 * first checks that the three tables hold the same items.
 */
final class SeedBenchmark implements Benchmarks.Benchmark {
  static final String NAME = "seed";
  private static final long MESSAGES = 10_000;
  private static final int USERS = 20;
  private static final int GROUPS = 10;

  /** Requests in flight: the runner's default, and the raw loop's threads. */
  private static final int PARALLEL = 8;

  private static final long WARMUP_MESSAGES = 200;
  private static final Pattern WRITER_MILLIS = Pattern.compile("\"elapsedMillis\"\\s*:\\s*(\\d+)");
  private static final Pattern REQUESTS = Pattern.compile("\"requests\"\\s*:\\s*(\\d+)");

  private enum Variant {
    OURS,
    COURSE,
    WRITER,
    RAW,
    RAW_PROGRAM
  }

  /** The figures of one engine. */
  private record EngineResult(
      String name,
      String engine,
      Stats ours,
      Stats oursWriter,
      Stats writerWarm,
      Stats course,
      Stats raw,
      Stats rawProgram,
      long oursPeakKb,
      long coursePeakKb,
      long rawProgramPeakKb,
      long oursRequests,
      long rawResends) {}

  @Override
  public void run(BenchContext context) throws Exception {
    long messages = context.scaled(MESSAGES, 100);
    long items = SeedItems.count(GROUPS, messages);
    List<Map<String, AttributeValue>> built = SeedItems.of(USERS, GROUPS, messages);
    if (built.size() != items) {
      throw new IllegalStateException(
          "the seed generator made " + built.size() + " items, expected " + items);
    }
    List<EngineResult> results = new ArrayList<>();
    try (BenchDatabase db = context.database("bench_seed")) {
      // the users table: the release's liquibase steps only
      Subprocess.ok(
          Subprocess.run(
              "seed-db-update",
              List.of(
                  context.java(),
                  "-jar",
                  context.runnerJar().toString(),
                  "--local-dir",
                  context.localDir().toString(),
                  "db",
                  "update",
                  "--db-url",
                  db.url()),
              Map.of(),
              context.root(),
              logs(context),
              Duration.ofMinutes(3)),
          "cruddur db update");
      try (DynamoEngine moto = DynamoEngine.moto(context)) {
        results.add(measure(context, db, moto, messages, items, built));
      }
      try (Dynalite dynalite = Dynalite.start(context)) {
        results.add(measure(context, db, dynalite, messages, items, built));
      }
    }
    BenchReport.write(
        context.report(),
        NAME,
        "Seed: "
            + String.format(Locale.ROOT, "%,d", messages)
            + " messages, ours vs the course's loop vs a raw SDK loop",
        context.command(NAME),
        body(context, messages, items, results));
  }

  private EngineResult measure(
      BenchContext context,
      BenchDatabase db,
      DynamoEngine engine,
      long messages,
      long items,
      List<Map<String, AttributeValue>> built)
      throws Exception {
    System.err.println("bench: seed on " + engine.describe() + " …");
    try (BenchTables tables = new BenchTables(engine.endpoint())) {
      RawBatchLoop raw = new RawBatchLoop(tables.dynamo(), PARALLEL, built);
      // warm-up, not measured: the jar and python in the page cache, the users in PostgreSQL, the
      // engine's code paths
      String warm = "bench-seed-warmup";
      tables.create(warm);
      ours(context, db, engine, warm, WARMUP_MESSAGES);
      course(context, engine, warm, WARMUP_MESSAGES);
      List<Map<String, AttributeValue>> some = built.subList(0, (int) Math.min(built.size(), 500));
      new RawBatchLoop(tables.dynamo(), PARALLEL, some).write(warm);
      writer(tables, warm, some);
      tables.drop(warm);

      List<Double> oursWall = new ArrayList<>();
      List<Double> oursWriter = new ArrayList<>();
      List<Double> writerWarm = new ArrayList<>();
      List<Double> courseWall = new ArrayList<>();
      List<Double> rawWall = new ArrayList<>();
      List<Double> rawProgramWall = new ArrayList<>();
      long rawProgramPeak = 0;
      long oursPeak = 0;
      long coursePeak = 0;
      long oursRequests = 0;
      long rawResends = 0;
      Variant[] order = Variant.values();
      for (int rep = 1; rep <= context.repeats(); rep++) {
        List<String> round = new ArrayList<>();
        for (int k = 0; k < order.length; k++) {
          Variant v =
              order[
                  (k + rep - 1)
                      % order.length]; // rotated: drift of the machine spreads over all three
          String table =
              "bench-seed-" + engine.name() + "-" + v.name().toLowerCase(Locale.ROOT) + "-" + rep;
          tables.create(table);
          switch (v) {
            case OURS -> {
              Subprocess.Run r = ours(context, db, engine, table, messages);
              oursWall.add(r.seconds());
              oursWriter.add(
                  Long.parseLong(find(WRITER_MILLIS, r.out(), "elapsedMillis")) / 1000.0);
              oursRequests = Long.parseLong(find(REQUESTS, r.out(), "requests"));
              oursPeak = Math.max(oursPeak, r.peakRssKb());
            }
            case COURSE -> {
              Subprocess.Run r = course(context, engine, table, messages);
              courseWall.add(r.seconds());
              coursePeak = Math.max(coursePeak, r.peakRssKb());
            }
            case WRITER -> writerWarm.add(writer(tables, table, built));
            case RAW -> {
              RawBatchLoop.Result r = raw.write(table);
              rawWall.add(r.nanos() / 1e9);
              rawResends += r.resends();
            }
            case RAW_PROGRAM -> {
              Subprocess.Run r = rawProgram(context, engine, table, messages);
              rawProgramWall.add(r.seconds());
              rawProgramPeak = Math.max(rawProgramPeak, r.peakRssKb());
            }
          }
          long count = tables.count(table);
          if (count != items) {
            throw new IllegalStateException(
                v
                    + " left "
                    + count
                    + " items in "
                    + table
                    + " on "
                    + engine.name()
                    + ", expected "
                    + items);
          }
          round.add(table);
          if (rep > 1) {
            tables.drop(table);
          }
        }
        if (rep == 1) {
          sameItems(tables, round);
          round.forEach(tables::drop);
        }
        System.err.printf(
            Locale.ROOT,
            "bench: seed on %s, round %d: ours %.2f s (its writer %.2f s), BatchWriter in-process"
                + " %.2f s, course %.2f s, raw %.2f s, raw program %.2f s%n",
            engine.name(),
            rep,
            oursWall.get(rep - 1),
            oursWriter.get(rep - 1),
            writerWarm.get(rep - 1),
            courseWall.get(rep - 1),
            rawWall.get(rep - 1),
            rawProgramWall.get(rep - 1));
      }
      return new EngineResult(
          engine.name(),
          engine.describe(),
          new Stats(oursWall),
          new Stats(oursWriter),
          new Stats(writerWarm),
          new Stats(courseWall),
          new Stats(rawWall),
          new Stats(rawProgramWall),
          oursPeak,
          coursePeak,
          rawProgramPeak,
          oursRequests,
          rawResends);
    }
  }

  /** The runner's BatchWriter in this JVM, on the raw loop's client and items: seconds. */
  private static double writer(
      BenchTables tables, String table, List<Map<String, AttributeValue>> items) {
    BatchWriter.Result r =
        new BatchWriter(
                tables.dynamo(), table, BatchWriter.Settings.defaults().withParallelism(PARALLEL))
            .write(items.iterator(), done -> {});
    return r.elapsedMillis() / 1000.0;
  }

  /** The tables of a round hold exactly the same items. */
  private static void sameItems(BenchTables tables, List<String> round) {
    Map<String, Map<String, AttributeValue>> first = tables.items(round.get(0));
    for (String other : round.subList(1, round.size())) {
      Map<String, Map<String, AttributeValue>> items = tables.items(other);
      if (!items.equals(first)) {
        long differ =
            first.entrySet().stream()
                .filter(e -> !e.getValue().equals(items.get(e.getKey())))
                .count();
        throw new IllegalStateException(
            round.get(0)
                + " and "
                + other
                + " do not hold the same items ("
                + differ
                + " of "
                + first.size()
                + " differ or are missing): the variants must write the same data");
      }
    }
  }

  private static Subprocess.Run ours(
      BenchContext context, BenchDatabase db, DynamoEngine engine, String table, long messages)
      throws Exception {
    List<String> command = new java.util.ArrayList<>(context.cruddur());
    command.addAll(
        List.of(
            "-o",
            "json",
            "ddb",
            "seed",
            "--messages",
            Long.toString(messages),
            "--users",
            Integer.toString(USERS),
            "--groups",
            Integer.toString(GROUPS),
            "--parallel",
            Integer.toString(PARALLEL),
            "--table",
            table,
            "--endpoint-url",
            engine.endpoint().toString(),
            "--region",
            BenchTables.REGION,
            "--db-url",
            db.url()));
    return Subprocess.ok(
        Subprocess.run(
            "seed-ours-" + engine.name(),
            command,
            awsEnv(),
            context.root(),
            logs(context),
            Duration.ofMinutes(20)),
        "cruddur ddb seed on " + engine.name());
  }

  /** The raw loop as its own JVM: java start, client build, items built, writes; fork to exit. */
  private static Subprocess.Run rawProgram(
      BenchContext context, DynamoEngine engine, String table, long messages) throws Exception {
    String classpath =
        context.root().resolve("bench/target/classes")
            + java.io.File.pathSeparator
            + context.runnerJar();
    List<String> command =
        List.of(
            context.java(),
            "-XX:+UseSerialGC",
            "-cp",
            classpath,
            RawBatchLoop.class.getName(),
            engine.endpoint().toString(),
            table,
            Integer.toString(USERS),
            Integer.toString(GROUPS),
            Long.toString(messages),
            Integer.toString(PARALLEL));
    return Subprocess.ok(
        Subprocess.run(
            "seed-raw-" + engine.name(),
            command,
            awsEnv(),
            context.root(),
            logs(context),
            Duration.ofMinutes(20)),
        "the raw loop program on " + engine.name());
  }

  private static Subprocess.Run course(
      BenchContext context, DynamoEngine engine, String table, long messages) throws Exception {
    List<String> command =
        List.of(
            "python3",
            context.root().resolve("bench/course/seed.py").toString(),
            "--endpoint-url",
            engine.endpoint().toString(),
            "--table",
            table,
            "--messages",
            Long.toString(messages),
            "--users",
            Integer.toString(USERS),
            "--groups",
            Integer.toString(GROUPS));
    return Subprocess.ok(
        Subprocess.run(
            "seed-course-" + engine.name(),
            command,
            awsEnv(),
            context.root(),
            logs(context),
            Duration.ofMinutes(30)),
        "the course's seed loop on " + engine.name());
  }

  /** The default credential chain of both the runner and boto3, pointed at the test credentials. */
  static Map<String, String> awsEnv() {
    return Map.of(
        "AWS_ACCESS_KEY_ID",
        BenchTables.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY",
        BenchTables.SECRET_KEY,
        "AWS_DEFAULT_REGION",
        BenchTables.REGION,
        "AWS_REGION",
        BenchTables.REGION);
  }

  static Path logs(BenchContext context) {
    return context.work().resolve("logs");
  }

  private static String find(Pattern p, String text, String what) {
    Matcher m = p.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no " + what + " in the seed's JSON report:\n" + text);
    }
    return m.group(1);
  }

  private static String body(
      BenchContext context, long messages, long items, List<EngineResult> results) {
    StringBuilder b = new StringBuilder();
    b.append(context.sizeNote()).append("\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "The same %,d items (%,d messages and %,d group rows of the synthetic seed: %d users,"
                + " %d groups) written four ways, side by side in one run, into a fresh table each"
                + " time, on two engines. Items/s = items / median wall time. The first round of"
                + " each engine checks that the four tables hold exactly the same items.%n%n",
            items,
            messages,
            items - messages,
            USERS,
            GROUPS));
    b.append("What each number includes:\n");
    b.append("- **ours (whole command)**: `./cruddur -o json ddb seed --messages ")
        .append(messages)
        .append(" --users ")
        .append(USERS)
        .append(" --groups ")
        .append(GROUPS)
        .append(" --parallel ")
        .append(PARALLEL)
        .append(
            " --table T --endpoint-url URL --region us-east-1 --db-url postgresql://…` as a child"
                + " process, wall time from fork to exit (the launcher, as users run it): JVM"
                + " start, CLI, PostgreSQL (users ensured and read), SDK client, the group-row"
                + " check, then the BatchWriter (BatchWriteItem of 25, ")
        .append(PARALLEL)
        .append(" requests in flight).\n");
    b.append(
        "- **ours (its writer)**: the BatchWriter's own elapsed time inside those same runs, from"
            + " their JSON report: the writes alone, in a cold JVM (JIT not warmed up).\n");
    b.append("- **ours' BatchWriter in-process**: the runner's BatchWriter (")
        .append(PARALLEL)
        .append(
            " in flight) called in the benchmark's JVM, warm, on the raw loop's client and"
                + " pre-built items: the writer against the raw loop, like for like.\n");
    b.append(
            "- **course loop**: `python3 bench/course/seed.py --endpoint-url URL --table T"
                + " --messages ")
        .append(messages)
        .append(
            " …` as a child process, fork to exit: interpreter and boto3 start, then one `put_item`"
                + " per item, sequentially, each response printed (the course's `bin/ddb/seed`"
                + " loop; its header says what was adapted).\n");
    b.append(
            "- **raw SDK loop**: in the benchmark's JVM, warm (client built, threads started,"
                + " requests built before the clock): ")
        .append(PARALLEL)
        .append(
            " threads, BatchWriteItem of 25, UnprocessedItems re-sent. The engine's ceiling for"
                + " this SDK at the same parallelism as ours, with nothing else in the way.\n");
    b.append(
        "- **raw SDK loop (whole program)**: the same loop as a program of its own (`java"
            + " -XX:+UseSerialGC -cp … RawBatchLoop`, bench/src/main/java/.../RawBatchLoop.java),"
            + " fork to exit: JVM start, the SDK client built, the items generated, the writes. The"
            + " like-for-like baseline of the whole command.\n\n");
    for (EngineResult r : results) {
      double ours = r.ours().median();
      double writer = r.oursWriter().median();
      double warm = r.writerWarm().median();
      double course = r.course().median();
      double raw = r.raw().median();
      double rawProgram = r.rawProgram().median();
      b.append("### ").append(r.engine()).append("\n\n");
      b.append(
          BenchReport.table(
              List.of("variant", "wall s, median (min–max)", "items/s", "peak RSS"),
              List.of(
                  List.of(
                      "ours (whole command)",
                      r.ours().describe(),
                      BenchReport.number(items / ours),
                      mib(r.oursPeakKb())),
                  List.of(
                      "ours (its writer, cold JVM)",
                      r.oursWriter().describe(),
                      BenchReport.number(items / writer),
                      "(same process)"),
                  List.of(
                      "ours' BatchWriter in-process (warm)",
                      r.writerWarm().describe(),
                      BenchReport.number(items / warm),
                      "(benchmark JVM)"),
                  List.of(
                      "course loop (python, sequential put_item)",
                      r.course().describe(),
                      BenchReport.number(items / course),
                      mib(r.coursePeakKb())),
                  List.of(
                      "raw SDK loop (in-process, " + PARALLEL + " threads)",
                      r.raw().describe(),
                      BenchReport.number(items / raw),
                      "(benchmark JVM)"),
                  List.of(
                      "raw SDK loop (whole program, " + PARALLEL + " threads)",
                      r.rawProgram().describe(),
                      BenchReport.number(items / rawProgram),
                      mib(r.rawProgramPeakKb())))));
      b.append('\n');
      b.append(
          BenchReport.table(
              List.of("target", "measured", ""),
              List.of(
                  List.of(
                      "ours (whole command) ≥ 5× the course loop (target set on moto)",
                      times(course / ours),
                      r.name().equals("moto")
                          ? verdict(course / ours >= 5)
                          : "(no target on this engine)"),
                  List.of(
                      "ours (whole command) ≥ 90% of the raw loop's items/s, both whole programs",
                      percent(rawProgram / ours), verdict(rawProgram / ours >= 0.9)),
                  List.of(
                      "ours (whole command) ≥ 90% of the raw loop's items/s in a warm JVM",
                      percent(raw / ours), verdict(raw / ours >= 0.9)),
                  List.of(
                      "ours (its writer, cold JVM) ≥ 90% of the raw loop's items/s",
                      percent(raw / writer), verdict(raw / writer >= 0.9)),
                  List.of(
                      "ours' BatchWriter in-process (warm) ≥ 90% of the raw loop's items/s",
                      percent(raw / warm), verdict(raw / warm >= 0.9)))));
      b.append(
          String.format(
              Locale.ROOT,
              "%nOurs made %,d BatchWriteItem requests per run; the raw loop re-sent"
                  + " UnprocessedItems %d times in all.%n%n",
              r.oursRequests(),
              r.rawResends()));
    }
    b.append(
        "The whole-command figure carries a fixed cost the raw loop does not pay (JVM start, CLI,"
            + " PostgreSQL, SDK client build: the difference between the first two rows) and runs"
            + " cold (the JIT warms up during the write: the difference between the second and"
            + " third rows); both weigh less the more items are written (see the growth"
            + " section).\n");
    return b.toString();
  }

  static String mib(long kb) {
    return kb <= 0 ? "–" : String.format(Locale.ROOT, "%,.0f MiB", kb / 1024.0);
  }

  static String times(double x) {
    return String.format(Locale.ROOT, "%.1f×", x);
  }

  static String percent(double x) {
    return String.format(Locale.ROOT, "%.0f%%", x * 100);
  }

  static String verdict(boolean met) {
    return met ? "met" : "**not met**";
  }
}
