package app.cruddur.ops.runner.internal.operations;

import app.cruddur.ops.runner.api.Warning;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/** The warnings an operation meets on its way, for its result (and the debug log). */
public final class Warnings {
  /**
   * The code of a warning about an item that does not have its type's shape (a sort key that is no
   * timestamp, a missing attribute): the reader skips it, or shows it as it is, and goes on.
   */
  public static final String MALFORMED_ITEM = "MALFORMED_ITEM";

  /** The code of a warning about a user pool (or its app client) that does not exist yet. */
  public static final String NO_USER_POOL_YET = "NO_USER_POOL_YET";

  /**
   * The code of a warning that the workers of a distributed migration could not be told to stop
   * ({@code release --via --stop}): those running go on until their own deadline.
   */
  public static final String WORKERS_NOT_TOLD = "WORKERS_NOT_TOLD";

  private static final Logger LOG = Logger.getLogger(Warnings.class.getName());
  private final List<Warning> met = new ArrayList<>();

  /** Records a warning. */
  public synchronized void add(String code, String message) {
    LOG.fine(() -> "warning " + code + ": " + message);
    met.add(new Warning(code, message));
  }

  /** Everything met so far, in order. */
  public synchronized List<Warning> list() {
    return List.copyOf(met);
  }
}
