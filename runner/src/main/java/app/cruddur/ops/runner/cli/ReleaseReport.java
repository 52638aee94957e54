package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ReleasePlan;
import app.cruddur.ops.runner.api.ReleaseResult;
import app.cruddur.ops.runner.api.ReleaseStatus;
import app.cruddur.ops.runner.api.RepairResult;
import app.cruddur.ops.runner.api.SeedRun;
import app.cruddur.ops.runner.api.StepResult;
import app.cruddur.ops.runner.api.StepState;
import app.cruddur.ops.runner.api.StepStatus;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.api.ValidationResult;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How releases, plans, statuses, validations and repairs look in a terminal. */
public final class ReleaseReport {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private ReleaseReport() {}

  /**
   * Prints each step as it finishes (table mode), progress of long steps on stderr; with {@code
   * header}, the release's first line.
   */
  static ReleaseListener listener(Output out, boolean header) {
    return new ReleaseListener() {
      private final java.util.Map<String, ProgressBar> bars =
          new java.util.concurrent.ConcurrentHashMap<>();

      @Override
      public void releaseStarted(String target, String context) {
        if (header) {
          out.line("Release to " + target + " (context " + context + ")");
        }
      }

      @Override
      public void notice(String message) {
        out.progress(message);
      }

      @Override
      public void stepStarted(StepStatus step) {
        out.doing("step " + step.version() + " (" + step.kind() + ")");
        if (step.state() != app.cruddur.ops.runner.api.StepState.EVERY_RELEASE) {
          out.progress(
              "→ " + step.version() + " " + step.kind() + ": " + step.description() + " …");
        }
      }

      @Override
      public void stepPhase(StepStatus step, String phase) {
        bar(step).phase(phase);
      }

      @Override
      public void stepProgress(StepStatus step, long done, long total) {
        bar(step).update(done, total);
      }

      private ProgressBar bar(StepStatus step) {
        return bars.computeIfAbsent(step.version(), v -> new ProgressBar(out, v));
      }

      @Override
      public void stepFinished(StepResult result) {
        ProgressBar bar = bars.remove(result.version());
        if (bar != null) {
          bar.close();
        }
        out.doing(null);
        if (!result.changed() && result.succeeded()) {
          return; // a sync that found everything right: the summary says so
        }
        out.line(
            String.format(
                Locale.ROOT,
                "  %-15s %-15s %-9s %-8s %7s  %s",
                result.version(),
                result.kind(),
                result.store().label(),
                result.paused() ? "paused" : result.succeeded() ? "applied" : "FAILED",
                seconds(result.durationMs()),
                result.summary()));
      }
    };
  }

  /** The closing lines of a release. */
  static void printResult(Output out, ReleaseResult result) {
    List<String> stores = result.storesChecked().stream().map(Store::label).toList();
    List<String> checks =
        result.applied().stream()
            .filter(s -> !s.changed())
            .map(s -> s.version() + ": " + s.summary())
            .toList();
    int inPlace = result.alreadyApplied() + checks.size();
    String checked =
        " (checked "
            + String.join(", ", stores)
            + (checks.isEmpty() ? "" : "; " + String.join("; ", checks))
            + ")";
    if (result.nothingToDo()) {
      out.line(
          "Nothing to do: all "
              + inPlace
              + " steps already applied on "
              + result.target()
              + checked
              + " in "
              + seconds(result.durationMs())
              + ".");
    } else {
      int changed = (int) result.changed().stream().filter(s -> !s.paused()).count();
      out.line(
          (result.unfinished().isPresent()
                  ? "Stopped with work left (below): applied "
                  : "Applied ")
              + changed
              + (changed == 1 ? " step" : " steps")
              + " to "
              + result.target()
              + " (context "
              + result.context()
              + ") in "
              + seconds(result.durationMs())
              + "; "
              + inPlace
              + " already applied"
              + checked
              + ".");
    }
    printNotApplicable(out, result.notApplicable(), result.target());
  }

  /** The steps skipped because they do not run on this kind of target, one line each. */
  private static void printNotApplicable(Output out, List<StepStatus> steps, String target) {
    for (StepStatus s : steps) {
      out.line(
          "Not applicable on "
              + target
              + ": "
              + s.version()
              + " "
              + s.kind()
              + " ("
              + s.reason()
              + "); skipped.");
    }
  }

  /** A plan: what would run, in order, per store. */
  static void printPlan(Output out, ReleasePlan plan) {
    List<StepStatus> toApply = plan.toApply();
    out.line(
        "Plan for "
            + plan.target()
            + " (context "
            + plan.context()
            + "): "
            + (toApply.isEmpty()
                ? "nothing to do."
                : toApply.size()
                    + " of "
                    + plan.steps().size()
                    + " steps to apply, in this order:"));
    List<List<String>> rows = new ArrayList<>();
    int n = 1;
    for (StepStatus s : toApply) {
      rows.add(
          List.of(
              Integer.toString(n++),
              s.version(),
              s.kind(),
              s.store().label(),
              s.state().label(),
              s.description() + (s.reason().isEmpty() ? "" : " — " + s.reason())));
    }
    if (!rows.isEmpty()) {
      out.table(List.of("#", "VERSION", "KIND", "STORE", "STATE", "WHAT"), rows);
    }
    printNotApplicable(
        out,
        plan.steps().stream().filter(s -> s.state() == StepState.NOT_APPLICABLE).toList(),
        plan.target());
    for (Map.Entry<String, String> sql : plan.sql().entrySet()) {
      boolean liquibase =
          plan.steps().stream()
              .anyMatch(st -> st.version().equals(sql.getKey()) && st.kind().equals("liquibase"));
      out.line("");
      out.line(
          liquibase
              ? "-- SQL of " + sql.getKey() + " (not executed):"
              : "-- Dry run of " + sql.getKey() + " (nothing written):");
      out.line(sql.getValue().strip());
    }
  }

  /** Every step with its state. */
  static void printStatus(Output out, ReleaseStatus status) {
    out.line(
        "Target "
            + status.target()
            + ", context "
            + status.context()
            + status.lockHolder().map(h -> "; a release is running: " + h).orElse(""));
    status.inProgress().ifPresent(r -> out.line("In progress: " + r.describe()));
    status.distributed().forEach(d -> out.line(d.describe()));
    List<List<String>> rows = new ArrayList<>();
    for (StepStatus s : status.steps()) {
      rows.add(
          List.of(
              s.version(),
              s.kind(),
              s.store().label(),
              s.state().label(),
              s.appliedAt().map(WHEN::format).orElse(""),
              s.durationMs().map(ReleaseReport::seconds).orElse(""),
              s.appliedBy().map(HistoryReport::who).orElse(""),
              s.shownChecksum(),
              s.description() + (s.reason().isEmpty() ? "" : " — " + s.reason())));
    }
    out.table(
        List.of(
            "VERSION",
            "KIND",
            "STORE",
            "STATE",
            "APPLIED AT",
            "TOOK",
            "BY",
            "CHECKSUM",
            "DESCRIPTION"),
        rows);
    out.line(pendingLine(status));
  }

  /**
   * What the next release will do: the steps it applies, and apart from them those that run on
   * every release (a no-op release runs those and changes nothing, so they are not "pending").
   */
  static String pendingLine(ReleaseStatus status) {
    List<String> pending =
        status.pending().stream()
            .filter(s -> s.state() != StepState.EVERY_RELEASE)
            .map(StepStatus::version)
            .toList();
    List<String> every =
        status.steps().stream()
            .filter(s -> s.state() == StepState.EVERY_RELEASE)
            .map(StepStatus::version)
            .toList();
    String repeatable =
        every.isEmpty()
            ? ""
            : "; "
                + String.join(", ", every)
                + (every.size() == 1 ? " runs" : " run")
                + " on every release";
    return (pending.isEmpty()
            ? "All applied"
            : pending.size()
                + (pending.size() == 1 ? " step" : " steps")
                + " will run on the next release ("
                + String.join(", ", pending)
                + ")")
        + repeatable
        + ".";
  }

  /** {@code validate}: how many applied steps match their files. */
  static void printValidation(Output out, ValidationResult result) {
    out.line(
        "Valid: "
            + result.appliedStepsChecked()
            + " applied steps match their files on "
            + result.target()
            + ".");
  }

  /** {@code repair}: what was recorded for each step. */
  static void printRepair(Output out, RepairResult result) {
    result.repaired().forEach(r -> out.line(r.summary()));
  }

  /** {@code ddb seed} without options: the steps printed their lines as they ran. */
  static void printSeedRun(Output out, SeedRun run) {
    if (run.seeded().isEmpty()) {
      out.line("no seed steps in context " + run.context());
    }
  }

  static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
