package app.cruddur.ops.runner.internal.baseline;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.liquibase.LiquibaseStepKind;
import app.cruddur.ops.runner.internal.pg.PgConnections;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a release may write into a database: one that has tables of its own while Liquibase's
 * changelog records none of our changesets was made by someone else (the course's {@code
 * db/schema.sql}), and a release would fail on the first {@code CREATE TABLE} after writing its
 * ledger. Checked before the lock, so such a release writes nothing: {@code cruddur baseline}
 * first.
 */
public final class AdoptionCheck {
  /**
   * Tables of the runner's own: Liquibase's, and the ledger and the migration checkpoints ({@code
   * cruddur_...}).
   */
  private static final String OWN_TABLES =
      "c.relname NOT IN ('databasechangelog', 'databasechangeloglock') AND c.relname NOT LIKE"
          + " 'cruddur\\_%'";

  private AdoptionCheck() {}

  /**
   * Refuses a release on an unadopted database.
   *
   * @param steps the liquibase steps the release would run
   * @throws CruddurException {@link ErrorCode#NOT_ADOPTED} naming the tables found
   */
  public static void check(PgConnections postgres, String target, List<StepDefinition> steps) {
    List<String> directories = new ArrayList<>();
    for (StepDefinition step : steps) {
      if (step.action() instanceof LiquibaseStepKind.LiquibaseStep liquibase) {
        String changelog = liquibase.changelog();
        directories.add(changelog.substring(0, changelog.lastIndexOf('/') + 1));
      }
    }
    if (directories.isEmpty()) {
      return;
    }
    List<String> foreign;
    try (Connection c = postgres.open("cruddur adoption check")) {
      foreign = foreignTables(c);
      if (foreign.isEmpty() || recordsOurChangesets(c, directories)) {
        return;
      }
    } catch (SQLException e) {
      throw postgres.translate(e, "checking whether the database was made by the runner");
    }
    throw CruddurException.of(
        ErrorCode.NOT_ADOPTED,
        "the database of "
            + target
            + " has tables the runner did not make ("
            + String.join(", ", foreign)
            + ") and no changeset of ours is recorded; a release would fail on them",
        "Run `cruddur baseline` first (--plan shows what it would record): it records what is"
            + " there already, so the release applies only what is missing");
  }

  /** The tables of the public schema that are not the runner's own, by name. */
  static List<String> foreignTables(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND "
                    + OWN_TABLES
                    + " ORDER BY c.relname");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }

  private static boolean recordsOurChangesets(Connection c, List<String> directories)
      throws SQLException {
    try (PreparedStatement exists =
            c.prepareStatement("SELECT to_regclass('public.databasechangelog') IS NOT NULL");
        ResultSet rs = exists.executeQuery()) {
      if (!rs.next() || !rs.getBoolean(1)) {
        return false;
      }
    }
    for (String directory : directories) {
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT EXISTS (SELECT 1 FROM public.databasechangelog WHERE filename LIKE ?)")) {
        s.setString(1, directory.replace("_", "\\_").replace("%", "\\%") + "%");
        try (ResultSet rs = s.executeQuery()) {
          if (rs.next() && rs.getBoolean(1)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
