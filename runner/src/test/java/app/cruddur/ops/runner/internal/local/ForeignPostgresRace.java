package app.cruddur.ops.runner.internal.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * Run by {@link ForeignPostgresInANamespaceTest} inside a private network namespace: another
 * program's PostgreSQL holds 127.0.0.1:PORT (it won the race for the port), then our supervisor
 * starts its PostgreSQL on that port. Prints what happened, one {@code key=value} a line.
 *
 * <p>{@code ForeignPostgresRace LOCAL_DIR FOREIGN_DATA_DIR PORT MOTO_PORT MOTO_EXECUTABLE}
 */
public final class ForeignPostgresRace {
  private ForeignPostgresRace() {}

  public static void main(String[] args) throws Exception {
    LocalLayout layout = new LocalLayout(Path.of(args[0]));
    int port = Integer.parseInt(args[2]);
    try (EmbeddedPostgres foreign =
        EmbeddedPostgres.builder()
            .setDataDirectory(Path.of(args[1]))
            .setCleanDataDirectory(true)
            .setPort(port)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .start()) {
      System.out.println("foreign=up");
      int status =
          new LocalSupervisor(
                  layout,
                  port,
                  Integer.parseInt(args[3]),
                  Path.of(args[4]),
                  "unknown",
                  java.util.Optional.empty(),
                  (l, s) -> List.of())
              .run();
      System.out.println("supervisor=" + status);
      try (Connection c = foreign.getPostgresDatabase().getConnection();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*) FROM pg_database WHERE datname = '"
                      + LocalLayout.DATABASE
                      + "'")) {
        rs.next();
        System.out.println("foreignHasOurDatabase=" + (rs.getInt(1) > 0));
      }
    }
    System.out.flush();
    System.exit(0);
  }
}
