package app.cruddur.ops.runner.internal.pg;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every session the runner opens on the real PostgreSQL has bounded waits: lock and statement
 * timeouts, a client socket timeout above the statement's, server-side keepalives, and the server's
 * check that the client is still there while a statement runs.
 */
@ExtendWith(SharedLocalEnvironment.class)
class PgSessionTest {
  PgConnections postgres() {
    LocalEndpoints e = SharedLocalEnvironment.endpoints();
    return new PgConnections(
        "jdbc:postgresql://127.0.0.1:" + e.postgresPort() + "/postgres",
        e.user(),
        e.password(),
        "postgresql://127.0.0.1:" + e.postgresPort() + "/postgres",
        new Properties());
  }

  static String show(Connection c, String setting) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void aSessionWaitsForNothingForEver() throws Exception {
    try (Connection c = postgres().open("cruddur test")) {
      assertThat(show(c, "lock_timeout")).isEqualTo("10s");
      assertThat(show(c, "statement_timeout")).isEqualTo("1h");
      assertThat(c.getNetworkTimeout())
          .as("socket timeout, ms")
          .isEqualTo((int) Duration.ofMinutes(61).toMillis());
      assertThat(show(c, "tcp_keepalives_idle")).isEqualTo("30");
      assertThat(show(c, "tcp_keepalives_interval")).isEqualTo("10");
      assertThat(show(c, "tcp_keepalives_count")).isEqualTo("3");
      assertThat(show(c, "client_connection_check_interval")).isEqualTo("2s");
    }
  }

  @Test
  void aStepsOwnLimitsApplyToItsSessionAndNoLimitMeansNone() throws Exception {
    try (Connection c = postgres().open("cruddur test")) {
      new SessionLimits(Duration.ofSeconds(3), Duration.ZERO).applyTo(c);

      assertThat(show(c, "lock_timeout")).isEqualTo("3s");
      assertThat(show(c, "statement_timeout")).isEqualTo("0");
      assertThat(c.getNetworkTimeout()).isZero();
    }
    assertThat(new SessionLimits(Duration.ofMillis(1500), Duration.ofMinutes(90)).describe())
        .isEqualTo("lock_timeout 1500 ms, statement_timeout 90 min");
  }
}
