package app.cruddur.ops.runner.internal.local;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Companions of the local engines, found with {@link ServiceLoader} so that the supervisor does not
 * depend on what runs beside it (the local stream processor registers itself this way).
 */
final class SupervisorCompanions {
  private SupervisorCompanions() {}

  static LocalSupervisor.CompanionFactory discover() {
    return (layout, state) -> {
      List<LocalSupervisor.Companion> started = new ArrayList<>();
      for (LocalSupervisor.CompanionFactory factory :
          ServiceLoader.load(LocalSupervisor.CompanionFactory.class)) {
        started.addAll(factory.start(layout, state));
      }
      return started;
    };
  }
}
