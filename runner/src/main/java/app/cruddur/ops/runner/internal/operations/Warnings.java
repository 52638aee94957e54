package app.cruddur.ops.runner.internal.operations;

import app.cruddur.ops.runner.api.Warning;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/** The warnings an operation meets on its way, for its result (and the debug log). */
public final class Warnings {
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
