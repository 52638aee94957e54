package app.cruddur.ops.bench;

import app.cruddur.ops.runner.CognitoUsers;
import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.CognitoSyncReport;
import app.cruddur.ops.runner.api.CognitoUser;
import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ResourceNames;
import app.cruddur.ops.runner.api.StepResult;
import app.cruddur.ops.runner.api.StepStatus;
import app.cruddur.ops.runner.api.Target;
import app.cruddur.ops.runner.cli.Logging;
import app.cruddur.ops.runner.internal.cognito.CognitoSync;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * {@code bench/run cognito}: the Cognito sync of 5,000 users, the runner's set-based write (one
 * transaction, one {@code UPDATE ... FROM unnest(...)}) against the course's {@code
 * bin/db/update_cognito_user_ids} (one {@code UPDATE} and one commit per user), side by side on the
 * same data, pool and connection; every {@code cognito_user_id} is cleared before each run.
 * Measured twice: on the local environment's PostgreSQL (no flush to disk) and on one with
 * PostgreSQL's default durable commits, as production runs.
 */
public final class CognitoSyncBench implements Benchmarks.Benchmark {
  static final int USERS = 5_000;
  static final int ROUNDS = 9;
  static final String DATABASE = "bench_cognito";
  static final String POOL = "bench-cognito-pool";
  // The course's statement, sent once per user, each in its own transaction (db.query_commit).
  static final String COURSE_UPDATE =
      "UPDATE public.users SET cognito_user_id = ? WHERE users.handle = ?";

  /**
   * The write phase of both approaches on one PostgreSQL.
   *
   * @param engine the PostgreSQL, with its durability settings
   * @param loop per-user loop times, ms
   * @param setBased set-based times, ms
   */
  record Comparison(String engine, List<Double> loop, List<Double> setBased) {
    double speedup() {
      return median(loop) / median(setBased);
    }
  }

  @Override
  public void run(BenchContext context) throws Exception {
    Logging.configure(false, true, System.err);
    String load = loadAverage();
    LocalEndpoints local = context.local();
    recreateDatabase(
        connect(
            local.postgresHost(),
            local.postgresPort(),
            local.user(),
            local.password(),
            "postgres"));
    Path project = projectWithSyntheticUsers(context);
    Target localTarget = Target.local(context.localDir());
    ResourceNames names =
        ResourceNames.defaults()
            .withLocalDatabase(DATABASE)
            .withUserPoolName(POOL)
            .withTableName("bench-cognito-messages");

    long setupStart = System.nanoTime();
    int rows =
        prepare(
            project,
            localTarget,
            names,
            () ->
                connect(
                    local.postgresHost(),
                    local.postgresPort(),
                    local.user(),
                    local.password(),
                    DATABASE));
    double setupSeconds = (System.nanoTime() - setupStart) / 1e9;

    List<Comparison> comparisons = new ArrayList<>();
    double listMs;
    double syncEndToEnd;
    double loopEndToEnd;
    try (CognitoUsers cognito = configure(project, localTarget, names).loadCognitoUsers();
        Connection c =
            connect(
                local.postgresHost(),
                local.postgresPort(),
                local.user(),
                local.password(),
                DATABASE)) {
      String poolId = cognito.userPoolId();
      long listStart = System.nanoTime();
      List<CognitoUser> users = cognito.list().users();
      listMs = (System.nanoTime() - listStart) / 1e6;
      require(users.size() == rows, users.size() + " Cognito users for " + rows + " rows");
      System.err.printf(
          Locale.ROOT, "bench: %,d Cognito users listed in %.0f ms%n", users.size(), listMs);
      comparisons.add(compare("the local environment's", c, poolId, users));

      reset(c);
      long e2eStart = System.nanoTime();
      CognitoSyncReport report = cognito.sync();
      syncEndToEnd = (System.nanoTime() - e2eStart) / 1e6;
      require(
          report.written() && report.counts().toSet() == rows,
          "the end-to-end sync did not set every row: " + report.summary());
      reset(c);
      long loopE2eStart = System.nanoTime();
      perUserLoop(c, cognito.list().users());
      loopEndToEnd = (System.nanoTime() - loopE2eStart) / 1e6;

      // PostgreSQL's own defaults, as on RDS: every commit is flushed to disk before it returns.
      Path data = context.root().resolve("bench").resolve(".work").resolve("durable-pg");
      try (EmbeddedPostgres durable =
          EmbeddedPostgres.builder()
              .setDataDirectory(data)
              .setCleanDataDirectory(true)
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on")
              .setServerConfig("listen_addresses", "127.0.0.1")
              .start()) {
        recreateDatabase(
            connect("127.0.0.1", durable.getPort(), "postgres", "postgres", "postgres"));
        String url =
            "postgresql://postgres:postgres@127.0.0.1:" + durable.getPort() + "/" + DATABASE;
        prepare(
            project,
            localTarget.withDatabaseUrl(url),
            names,
            () -> connect("127.0.0.1", durable.getPort(), "postgres", "postgres", DATABASE));
        try (Connection d =
            connect("127.0.0.1", durable.getPort(), "postgres", "postgres", DATABASE)) {
          comparisons.add(
              compare("an embedded PostgreSQL with the default durable commits", d, poolId, users));
        }
      }
    }

    String body = body(rows, listMs, comparisons, syncEndToEnd, loopEndToEnd, setupSeconds, load);
    BenchReport.write(
        context.report(),
        "cognito",
        "Cognito sync: set-based vs per-user UPDATE ("
            + String.format(Locale.ROOT, "%,d", USERS)
            + " users)",
        "bench/run cognito",
        body);
    System.err.println(body);
  }

  /**
   * Releases the project (schema; pool and users, once), then adds the synthetic users' rows.
   * Returns the rows of users.
   */
  private static int prepare(
      Path project, Target target, ResourceNames names, SqlConnector connector)
      throws SQLException {
    try (Release release = configure(project, target, names).listener(progress()).load()) {
      release.apply();
    }
    try (Connection c = connector.connect()) {
      execute(
          c,
          "INSERT INTO users (handle, display_name, email) SELECT 'user' || lpad(i::text, 4, '0'),"
              + " 'Synthetic User ' || lpad(i::text, 4, '0'), 'user' || lpad(i::text, 4, '0') ||"
              + " '@example.com' FROM generate_series(1, "
              + USERS
              + ") AS i ON CONFLICT (handle) DO NOTHING");
      return Integer.parseInt(query(c, "SELECT count(*) FROM users"));
    }
  }

  private static Release.Builder configure(Path project, Target target, ResourceNames names) {
    return Release.configure().projectDirectory(project).target(target).resourceNames(names);
  }

  /**
   * Both approaches on {@code c}, a warm-up round and then the measured rounds, the order
   * alternating.
   */
  private static Comparison compare(
      String engine, Connection c, String poolId, List<CognitoUser> users) throws SQLException {
    List<Double> loop = new ArrayList<>();
    List<Double> setBased = new ArrayList<>();
    for (int round = 0; round <= ROUNDS; round++) {
      // alternating, so that neither always runs right after the other's dead tuples were vacuumed
      boolean loopFirst = round % 2 == 0;
      double first = loopFirst ? timeLoop(c, users) : timeSetBased(c, poolId, users);
      double second = loopFirst ? timeSetBased(c, poolId, users) : timeLoop(c, users);
      if (round > 0) {
        loop.add(loopFirst ? first : second);
        setBased.add(loopFirst ? second : first);
      }
    }
    Comparison result = new Comparison(engine + " (" + settings(c) + ")", loop, setBased);
    System.err.printf(
        Locale.ROOT,
        "bench: %s: loop %s, set-based %s%n",
        result.engine(),
        ms(median(loop)),
        ms(median(setBased)));
    return result;
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " / " + parts[1] + " / " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String body(
      int rows,
      double listMs,
      List<Comparison> comparisons,
      double syncEndToEnd,
      double loopEndToEnd,
      double setupSeconds,
      String load) {
    List<List<String>> table = new ArrayList<>();
    for (Comparison c : comparisons) {
      table.add(
          List.of(
              c.engine(),
              ms(median(c.loop())) + " (" + ms(min(c.loop())) + " – " + ms(max(c.loop())) + ")",
              ms(median(c.setBased()))
                  + " ("
                  + ms(min(c.setBased()))
                  + " – "
                  + ms(max(c.setBased()))
                  + ")",
              "**" + BenchReport.number(c.speedup()) + "×**"));
    }
    String n = String.format(Locale.ROOT, "%,d", rows);
    return "Writing `users.cognito_user_id` for "
        + n
        + " Cognito users ("
        + String.format(Locale.ROOT, "%,d", USERS)
        + " synthetic + the 2 dev users) into as many rows. Per-user loop: the course's"
        + " `bin/db/update_cognito_user_ids`, one `UPDATE … WHERE handle = ?` and one commit per"
        + " user ("
        + n
        + " statements, "
        + n
        + " transactions; a prepared statement on one connection, kinder than the course's pool"
        + " checkout per user). Set-based: the `cognito-sync` step (`cruddur cognito sync`): one"
        + " `SELECT … FOR UPDATE`, the diff in memory, one `UPDATE … FROM unnest(?::text[],"
        + " ?::text[])`, one commit. Same users, pool and JDBC connection for both; every"
        + " `cognito_user_id` cleared (and the table vacuumed) before each run; median (range) of "
        + ROUNDS
        + " rounds after a warm-up round, the order "
        + "alternating. Reading Cognito is the same for both and is not in these times.\n\n"
        + BenchReport.table(List.of("PostgreSQL", "per-user loop", "set-based", "speedup"), table)
        + "\nThe machine is shared (load average "
        + load
        + " when the run started): the loop's times, a few hundred ms made of 5,002 round trips,"
        + " move the most with the load, and the first row with them.\n\n"
        + "The set-based time is mostly the UPDATE's own work (new index entries for 5,002 rows),"
        + " which the loop does too; what the loop adds is a round trip and a commit per user. The"
        + " local environment makes both nearly free (loopback, no flush to disk), so there the gap"
        + " is smallest; with PostgreSQL's default durable commits each of the loop's commits waits"
        + " for a flush. Over a network (RDS) every one of its statements also pays a round trip,"
        + " which these numbers, on 127.0.0.1, do not include.\n\n"
        + "End to end on the local environment, reading the pool too (ListUsers, "
        + (rows + 59) / 60
        + " pages of 60, "
        + ms(listMs)
        + " on its own): set-based "
        + ms(syncEndToEnd)
        + ", per-user loop "
        + ms(loopEndToEnd)
        + " ("
        + BenchReport.number(loopEndToEnd / syncEndToEnd)
        + "×); the course's script read the first page only (60 users).\n\n"
        + String.format(
            Locale.ROOT,
            "Setup, not compared: creating the pool and the %,d users in moto (cognito-users step, "
                + "`synthetic: %d`) and both schemas took %.1f s.",
            USERS,
            USERS,
            setupSeconds);
  }

  /** Opens a connection (a lambda that may throw). */
  private interface SqlConnector {
    Connection connect() throws SQLException;
  }

  private static double timeLoop(Connection c, List<CognitoUser> users) throws SQLException {
    reset(c);
    long start = System.nanoTime();
    int updated = perUserLoop(c, users);
    double elapsed = (System.nanoTime() - start) / 1e6;
    require(
        updated
            == Integer.parseInt(
                query(c, "SELECT count(*) FROM users WHERE cognito_user_id <> 'MOCK'")),
        "the per-user loop left rows unset");
    return elapsed;
  }

  private static double timeSetBased(Connection c, String poolId, List<CognitoUser> users)
      throws SQLException {
    reset(c);
    long start = System.nanoTime();
    CognitoSyncReport report = CognitoSync.apply(c, DATABASE, poolId, users, true);
    double elapsed = (System.nanoTime() - start) / 1e6;
    require(
        report.written() && !report.hasConflicts(),
        "the set-based sync did not write: " + report.summary());
    return elapsed;
  }

  /** The course's loop: one UPDATE per user, each committed on its own. */
  private static int perUserLoop(Connection c, List<CognitoUser> users) throws SQLException {
    int updated = 0;
    c.setAutoCommit(true);
    try (PreparedStatement update = c.prepareStatement(COURSE_UPDATE)) {
      for (CognitoUser user : users) {
        if (user.handle().isEmpty()) {
          continue;
        }
        update.setString(1, user.sub());
        update.setString(2, user.handle().get());
        updated += update.executeUpdate();
      }
    }
    return updated;
  }

  private static void reset(Connection c) throws SQLException {
    c.setAutoCommit(true);
    execute(c, "UPDATE users SET cognito_user_id = 'MOCK'");
    execute(c, "VACUUM users");
  }

  private static ReleaseListener progress() {
    return new ReleaseListener() {
      private long shown = -1;

      @Override
      public void stepStarted(StepStatus step) {
        System.err.println("bench: " + step.version() + " " + step.description() + " …");
      }

      @Override
      public void stepProgress(StepStatus step, long done, long total) {
        if (done / 1000 != shown / 1000 || done == total) {
          shown = done;
          System.err.println("bench:   " + done + "/" + total);
        }
      }

      @Override
      public void stepFinished(StepResult result) {
        System.err.println("bench:   " + result.summary());
      }
    };
  }

  private static Path projectWithSyntheticUsers(BenchContext context) throws IOException {
    Path dir =
        context.root().resolve("bench").resolve(".work").resolve("projects").resolve("cognito");
    deleteTree(dir);
    copyTree(context.root().resolve("seeders"), dir.resolve("seeders"));
    copyTree(context.root().resolve("migrations"), dir.resolve("migrations"));
    Path users = dir.resolve("seeders").resolve("V003__cognito_dev_users.yaml");
    Files.writeString(
        users, Files.readString(users).stripTrailing() + "\nsynthetic: " + USERS + "\n");
    return dir;
  }

  private static void recreateDatabase(Connection admin) throws SQLException {
    try (admin) {
      execute(admin, "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
      execute(admin, "CREATE DATABASE " + DATABASE);
    }
  }

  private static String settings(Connection c) throws SQLException {
    return "fsync="
        + query(c, "SHOW fsync")
        + ", synchronous_commit="
        + query(c, "SHOW synchronous_commit");
  }

  private static Connection connect(
      String host, int port, String user, String password, String database) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("ApplicationName", "cruddur bench cognito");
    return DriverManager.getConnection(
        "jdbc:postgresql://" + host + ":" + port + "/" + database, p);
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String query(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void require(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalStateException(problem);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  private static String ms(double millis) {
    return millis >= 1000
        ? String.format(Locale.ROOT, "%.2f s", millis / 1000)
        : String.format(Locale.ROOT, "%.0f ms", millis);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
