package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.ReleaseExecution;
import app.cruddur.ops.runner.api.ReleaseStop;

/** The text of {@code release --via --detach} and {@code --stop}: the workflow's execution. */
final class ExecutionReport {
  private ExecutionReport() {}

  static void printExecution(Output out, ReleaseExecution execution) {
    switch (execution.action()) {
      case STARTED ->
          out.line(
              "Started the release workflow: "
                  + execution.execution().orElseThrow()
                  + execution.started().map(t -> " (at " + t + ")").orElse("")
                  + ".");
      case STOPPED ->
          out.line(
              "Stopped the release workflow: "
                  + execution.execution().orElseThrow()
                  + execution.started().map(t -> " (started " + t + ")").orElse("")
                  + ". No further slice starts"
                  + execution
                      .slice()
                      .map(stop -> "; " + stop.describe() + ".")
                      .orElse(
                          "; one in flight ends at its own deadline, at a boundary, and its lease"
                              + " then lapses."));
      case NONE ->
          out.line(
              "Nothing to stop: no execution of the release workflow "
                  + execution.workflow()
                  + " is running.");
    }
    execution.next().forEach(out::line);
  }

  static void printStop(Output out, ReleaseStop stop) {
    out.line(
        "Stop: "
            + stop.describe()
            + stop.owner().map(o -> " (the release of " + o + ")").orElse("")
            + ".");
  }
}
