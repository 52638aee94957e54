package app.cruddur.ops.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "noop-release": a release with nothing to do ({@code cruddur release}: every step applied, each
 * store checked) against Liquibase's own command line {@code update} with nothing to do, on the
 * same changelog and the same database. Both are child processes, fork to exit, interleaved.
 */
final class NoopReleaseBenchmark implements Benchmarks.Benchmark {
  static final String NAME = "noop-release";
  private static final String LIQUIBASE_MAIN =
      "liquibase.integration.commandline.LiquibaseCommandLine";
  private static final String CHANGELOG = "migrations/changelog.yaml";
  private static final String CONTEXT = "dev";
  private static final String TABLE = "bench-release-messages";
  private static final Pattern CHECKED = Pattern.compile("checked ([a-z, ]+)[;)]");

  @Override
  public void run(BenchContext context) throws Exception {
    int repeats = Math.max(5, context.repeats());
    List<String> liquibaseClasspath = liquibaseClasspath(context);
    var local = context.local();
    List<Double> ours = new ArrayList<>();
    List<Double> liquibase = new ArrayList<>();
    long oursPeak = 0;
    long liquibasePeak = 0;
    String stores;
    long changesets;
    try (BenchDatabase db = context.database("bench_release");
        BenchTables tables = new BenchTables(local.awsEndpoint())) {
      List<String> release = new ArrayList<>(context.cruddur());
      release.addAll(
          List.of(
              "--local-dir",
              context.localDir().toString(),
              "--project-dir",
              context.root().toString(),
              "release",
              "--db-url",
              db.url(),
              "--table",
              TABLE));
      List<String> update =
          new ArrayList<>(
              List.of(
                  context.java(),
                  "-cp",
                  String.join(java.io.File.pathSeparator, liquibaseClasspath),
                  LIQUIBASE_MAIN,
                  "--analytics-enabled=false",
                  "--show-banner=false",
                  "--search-path=" + context.root(),
                  "--url=" + db.jdbcUrl(),
                  "--username=" + db.user(),
                  "--password=" + db.password(),
                  "update",
                  "--changelog-file=" + CHANGELOG,
                  "--contexts=" + CONTEXT));
      Map<String, String> liquibaseEnv = Map.of("LIQUIBASE_ANALYTICS_ENABLED", "false");
      try {
        // the release that applies everything, then one of each not measured (page cache, JIT-free
        // paths alike)
        Subprocess.Run applied =
            Subprocess.ok(run(context, "release-apply", release, Map.of()), "the first release");
        if (!applied.out().contains("Applied")) {
          throw new IllegalStateException("the first release applied nothing:\n" + applied.tail());
        }
        changesets = db.count("SELECT count(*) FROM databasechangelog");
        noop(run(context, "release-noop", release, Map.of()), "our release");
        upToDate(run(context, "liquibase-noop", update, liquibaseEnv));
        Subprocess.Run last = null;
        for (int rep = 1; rep <= repeats; rep++) {
          boolean oursFirst = rep % 2 == 1; // alternate who goes first
          for (int k = 0; k < 2; k++) {
            if ((k == 0) == oursFirst) {
              last = noop(run(context, "release-noop", release, Map.of()), "our release");
              ours.add(last.seconds());
              oursPeak = Math.max(oursPeak, last.peakRssKb());
            } else {
              Subprocess.Run r = upToDate(run(context, "liquibase-noop", update, liquibaseEnv));
              liquibase.add(r.seconds());
              liquibasePeak = Math.max(liquibasePeak, r.peakRssKb());
            }
          }
        }
        Matcher m = CHECKED.matcher(last.out());
        stores = m.find() ? m.group(1) : "?";
        if (db.count("SELECT count(*) FROM databasechangelog") != changesets) {
          throw new IllegalStateException(
              "a no-op run changed databasechangelog: the comparison is not of no-ops");
        }
      } finally {
        tables.drop(TABLE);
      }
    }
    Stats o = new Stats(ours);
    Stats l = new Stats(liquibase);
    StringBuilder b = new StringBuilder();
    b.append(context.sizeNote().replace(context.repeats() + " repetition", repeats + " repetition"))
        .append(" Each side ran ")
        .append(repeats)
        .append(" times (at least 5).\n\n");
    b.append(
            "Both sides find nothing to do, on the same database (a fresh `bench_release` in the"
                + " benchmarks' local PostgreSQL, released once before measuring) and the same"
                + " changelog (")
        .append(changesets)
        .append(
            " changesets applied). Each is a child process, wall time from fork to exit (JVM start"
                + " included), both with the same `java`; ours as users run it, through the"
                + " `./cruddur` launcher (serial GC, the C1 compiler only, and the"
                + " class-data-sharing archive it records on its first run), Liquibase's with no"
                + " JVM options; runs interleaved, who goes first alternating.\n\n");
    b.append(
            "- **ours**: `./cruddur --local-dir bench/.work/local release --db-url"
                + " postgresql://…/bench_release --table ")
        .append(TABLE)
        .append(
            "` (local target, context dev): the release lock, the ledger, every step's checksum"
                + " validated, each store's identity checked (")
        .append(stores)
        .append("), and \"Nothing to do\".\n");
    b.append("- **Liquibase CLI**: Liquibase ")
        .append(liquibaseVersion(liquibaseClasspath))
        .append("'s own command line from its" + " Maven Central jars (`")
        .append(LIQUIBASE_MAIN)
        .append(
            "`, classpath from bench/liquibase-cli/pom.xml), `--analytics-enabled=false"
                + " --show-banner=false --search-path=<repo>"
                + " --url=jdbc:postgresql://…/bench_release update --changelog-file=")
        .append(CHANGELOG)
        .append(" --contexts=")
        .append(CONTEXT)
        .append("`: PostgreSQL only, \"Database is up to date\".\n\n");
    b.append(
        BenchReport.table(
            List.of("variant", "wall s, median (min–max)", "peak RSS"),
            List.of(
                List.of(
                    "ours: `cruddur release`, nothing to do",
                    o.describe(),
                    SeedBenchmark.mib(oursPeak)),
                List.of(
                    "Liquibase CLI `update`, nothing to do",
                    l.describe(),
                    SeedBenchmark.mib(liquibasePeak)))));
    b.append('\n');
    b.append(
        BenchReport.table(
            List.of("target", "measured", ""),
            List.of(
                List.of(
                    "ours no slower than Liquibase's CLI",
                    String.format(Locale.ROOT, "ours / Liquibase = %.2f", o.median() / l.median()),
                    SeedBenchmark.verdict(o.median() <= l.median())),
                List.of(
                    "ours at most 0.6× Liquibase's CLI (issue 25)",
                    String.format(Locale.ROOT, "ours / Liquibase = %.2f", o.median() / l.median()),
                    SeedBenchmark.verdict(o.median() <= 0.6 * l.median())))));
    BenchReport.write(
        context.report(),
        NAME,
        "No-op release: ours vs Liquibase's command line",
        context.command(NAME),
        b.toString());
  }

  private static Subprocess.Run run(
      BenchContext context, String name, List<String> command, Map<String, String> env)
      throws Exception {
    return Subprocess.run(
        name, command, env, context.root(), SeedBenchmark.logs(context), Duration.ofMinutes(3));
  }

  private static Subprocess.Run noop(Subprocess.Run r, String what) {
    Subprocess.ok(r, what);
    if (!r.out().contains("Nothing to do")) {
      throw new IllegalStateException(what + " was not a no-op:\n" + r.tail());
    }
    return r;
  }

  private static Subprocess.Run upToDate(Subprocess.Run r) {
    Subprocess.ok(r, "Liquibase's update");
    String all = r.out() + r.err();
    if (!all.contains("Database is up to date")
        && !all.contains("Run:                          0")) {
      throw new IllegalStateException("Liquibase's update was not a no-op:\n" + r.tail());
    }
    return r;
  }

  /** The jars bench/run resolved from bench/liquibase-cli/pom.xml. */
  private static List<String> liquibaseClasspath(BenchContext context) throws Exception {
    Path file = context.root().resolve("bench/target/liquibase-classpath.txt");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          file + " is missing: run the benchmarks with bench/run, which writes it");
    }
    List<String> jars =
        List.of(
            Files.readString(file, StandardCharsets.UTF_8)
                .strip()
                .split(java.io.File.pathSeparator));
    if (jars.stream().noneMatch(j -> j.contains("liquibase-core-4."))) {
      throw new IllegalStateException(
          file
              + " has no liquibase-core 4.x: the baseline is Liquibase 4 (5.x is not open source)");
    }
    return jars;
  }

  private static String liquibaseVersion(List<String> jars) {
    return jars.stream()
        .map(j -> Path.of(j).getFileName().toString())
        .filter(n -> n.startsWith("liquibase-core-"))
        .map(n -> n.substring("liquibase-core-".length(), n.length() - ".jar".length()))
        .findFirst()
        .orElse("?");
  }
}
