package app.cruddur.ops.bench;

import app.cruddur.ops.runner.api.LocalEndpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL database of its own for one benchmark, in the benchmarks' local environment: created
 * empty (dropped first if a crashed run left it), dropped on close.
 */
public final class BenchDatabase implements AutoCloseable {
  private final LocalEndpoints local;
  private final String name;

  private BenchDatabase(LocalEndpoints local, String name) {
    this.local = local;
    this.name = name;
  }

  static BenchDatabase create(LocalEndpoints local, String name) {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    BenchDatabase db = new BenchDatabase(local, name);
    db.admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    db.admin("CREATE DATABASE " + name);
    return db;
  }

  /** Its name. */
  public String name() {
    return name;
  }

  /** For the runner's {@code --db-url} (the local environment's fixed password, not a secret). */
  public String url() {
    return "postgresql://"
        + local.user()
        + ":"
        + local.password()
        + "@"
        + local.postgresHost()
        + ":"
        + local.postgresPort()
        + "/"
        + name;
  }

  /** For JDBC and Liquibase's {@code --url}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + local.postgresHost() + ":" + local.postgresPort() + "/" + name;
  }

  public String user() {
    return local.user();
  }

  public String password() {
    return local.password();
  }

  /** A connection to it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), local.user(), local.password());
  }

  /** One number from a query (a row count). */
  public long count(String sql) {
    try (Connection c = connect();
        Statement s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "query on " + name + " failed: " + sql + ": " + e.getMessage(), e);
    }
  }

  private void admin(String sql) {
    String url =
        "jdbc:postgresql://" + local.postgresHost() + ":" + local.postgresPort() + "/postgres";
    try (Connection c = DriverManager.getConnection(url, local.user(), local.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }
}
