package app.cruddur.ops.runner.internal.operations.release;

import app.cruddur.ops.runner.internal.ledger.ReleaseLease;
import app.cruddur.ops.runner.internal.pg.PgConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Whether a stop was asked for a slice's release ({@link ReleaseLease#requestStop}), asked at each
 * boundary on a connection of its own (the ledger's is the release's, and a migration's segments
 * ask from their threads): one primary-key read per page or step. A failed read is no stop; the
 * next boundary asks again.
 */
final class StopAsked implements Supplier<Optional<String>>, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(StopAsked.class.getName());

  private final PgConnections postgres;
  private final String owner;
  private Connection connection;

  StopAsked(PgConnections postgres, String owner) {
    this.postgres = postgres;
    this.owner = owner;
  }

  @Override
  public synchronized Optional<String> get() {
    try {
      if (connection == null) {
        connection = postgres.open("cruddur slice stop check");
      }
      return ReleaseLease.stopRequested(connection, owner).map(ReleaseLease.StopRequest::by);
    } catch (SQLException | RuntimeException e) {
      LOG.fine(() -> "could not ask whether a stop was asked: " + e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.fine(() -> "closing the stop check's connection: " + e.getMessage());
      }
      connection = null;
    }
  }
}
