package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.ExitCode;
import java.util.Set;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM: the command says, on a line of its own, what it stopped during and
 * that a rerun continues, then exits {@link ExitCode#INTERRUPTED} (130). What a release or a seed
 * wrote is kept: the ledger shows an interrupted step as such and the next release retries it, a
 * DynamoDB migration from its last checkpoint. Installed by {@link Main#main} only: an in-process
 * run (tests, the release vehicle) leaves the signals to its host; {@link #say} is what the handler
 * prints before the exit.
 */
final class Interruption {
  /** Commands that apply steps: their rerun skips what is applied and retries what was stopped. */
  private static final Set<String> RELEASES =
      Set.of("release", "db update", "ddb seed", "cognito sync");

  private Interruption() {}

  static void install(CruddurCommand root) {
    for (String signal : new String[] {"INT", "TERM"}) {
      Signal.handle(new Signal(signal), s -> interrupted(root));
    }
  }

  private static void interrupted(CruddurCommand root) {
    say(root);
    // runs the shutdown hooks (connections closed, the release lock with them)
    System.exit(ExitCode.INTERRUPTED.code());
  }

  /** What an interruption of {@code root}'s command says, on a line of its own, before the exit. */
  static void say(CruddurCommand root) {
    root.running()
        .ifPresentOrElse(
            r ->
                r.output()
                    .interrupted(
                        r.operation(),
                        root.interruptRemedy().orElseGet(() -> remedy(r.operation()))),
            () -> {
              System.err.println("\ninterrupted: cruddur stopped before it began. Rerun it");
              System.err.flush();
            });
  }

  static String remedy(String operation) {
    if (RELEASES.contains(operation)) {
      return "Rerun `cruddur "
          + operation
          + "` to continue: applied steps are not applied again, an interrupted one is retried"
          + " (a DynamoDB migration from its last checkpoint, a seed writes the same items)";
    }
    return "Rerun `cruddur " + operation + "` to continue: what it finished is kept";
  }
}
