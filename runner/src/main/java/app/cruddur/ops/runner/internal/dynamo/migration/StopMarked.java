package app.cruddur.ops.runner.internal.dynamo.migration;

import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Whether a stop is asked for a distributed run's workers ({@link ControlTable#requestStop}): the
 * run's header read each time a worker asks (after every page, before each claim), until it is — a
 * stop pending, or more stops asked than when the worker first asked (a stop it missed before a
 * release resumed the run).
 */
final class StopMarked implements BooleanSupplier {
  private final ControlTable control;
  private final UUID run;
  private long asked = -1;
  private volatile Optional<String> by = Optional.empty();

  StopMarked(ControlTable control, UUID run) {
    this.control = control;
    this.run = run;
  }

  @Override
  public synchronized boolean getAsBoolean() {
    if (by.isEmpty()) {
      ControlTable.Stops stops = control.stops(run);
      if (stops.pending() || asked >= 0 && stops.asked() > asked) {
        by = Optional.of(stops.last().map(ControlTable.StopMark::by).orElse("an operator"));
      }
      asked = asked < 0 ? stops.asked() : asked;
    }
    return by.isPresent();
  }

  /** Who asked, once it was seen. */
  Optional<String> by() {
    return by;
  }
}
