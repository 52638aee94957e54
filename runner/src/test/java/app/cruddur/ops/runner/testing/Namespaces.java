package app.cruddur.ops.runner.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether this machine lets a test run commands in private Linux namespaces ({@code unshare} as a
 * user namespace's root): a foreign server on our port in a network namespace, a small tmpfs over
 * the local directory in a mount namespace. Tests that need them are skipped where they are not.
 */
public final class Namespaces {
  private Namespaces() {}

  /**
   * True when {@code unshare --map-root-user NAMESPACE sh -c SHELL} succeeds, e.g. ({@code --net},
   * {@code ip link set lo up}).
   */
  public static boolean work(String namespace, String shell) {
    List<String> command =
        new ArrayList<>(List.of("unshare", "--map-root-user", namespace, "sh", "-c", shell));
    try {
      Process p =
          HermeticEnvironment.apply(new ProcessBuilder(command)).redirectErrorStream(true).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
