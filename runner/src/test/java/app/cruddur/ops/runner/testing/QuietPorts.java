package app.cruddur.ops.runner.testing;

import app.cruddur.ops.runner.internal.local.Ports;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for a test's own local environment, away from the defaults (5432, 8000 and up) where
 * every other environment on the machine looks first: once chosen, a local environment's ports
 * stick, and a test that stops and starts its environment must not find them taken meanwhile by
 * another checkout's tests starting theirs.
 */
public final class QuietPorts {
  private QuietPorts() {}

  /** {@code --postgres-port P --moto-port M}, both free now. */
  public static String[] upOptions() {
    int base = 20_000 + ThreadLocalRandom.current().nextInt(40) * 250;
    int postgres = Ports.firstFreeFrom(base, Set.of()).orElseThrow();
    int moto = Ports.firstFreeFrom(postgres + 1, Set.of(postgres)).orElseThrow();
    return new String[] {
      "--postgres-port", Integer.toString(postgres), "--moto-port", Integer.toString(moto)
    };
  }
}
