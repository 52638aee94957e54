package app.cruddur.ops.runner.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --wait DURATION}: how long to queue behind a release that holds the target's lock (a
 * mixin).
 */
public final class WaitOption {
  @Configurable
  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Queue behind a release that holds the lock for up to DURATION (e.g. 10m) instead of exit"
              + " 5.")
  Duration wait = Duration.ZERO;

  /** The wait given (zero: none). */
  public Duration duration() {
    return wait;
  }
}
