package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.BaselineResult;
import app.cruddur.ops.runner.api.BaselineResult.ChangesetBaseline;
import app.cruddur.ops.runner.api.BaselineResult.StepBaseline;
import java.util.Locale;

/** The table view of {@code cruddur baseline}. */
final class BaselineReport {
  private BaselineReport() {}

  static void print(Output out, BaselineResult result) {
    out.line(
        (result.planned() ? "Baseline plan for " : "Baseline of ")
            + result.target()
            + " (context "
            + result.context()
            + ")"
            + (result.planned() ? ": nothing written" : ""));
    for (StepBaseline step : result.steps()) {
      out.line(
          String.format(
              "%-5s %-17s %-14s %s",
              step.version(),
              step.kind(),
              word(step.judgement()),
              (step.baselined()
                      ? (result.planned() ? "would record BASELINED; " : "BASELINED; ")
                      : "")
                  + step.note()));
      step.differences().forEach(d -> out.line("      - " + d));
      for (ChangesetBaseline cs : step.changesets()) {
        out.line(
            String.format(
                "      %-44s %-14s %s",
                cs.id(),
                word(cs.judgement()),
                cs.synced() ? (result.planned() ? "would sync" : "synced") : ""));
        cs.differences().forEach(d -> out.line("        - " + d));
      }
    }
    result
        .reconciling()
        .ifPresent(
            file ->
                out.line(
                    (result.planned() ? "Would write " : "Wrote ")
                        + file
                        + " ("
                        + result.reconcilingChangesets().size()
                        + " reconciling changesets, included first in the changelog): review and"
                        + " commit it"));
    out.line(
        result.planned()
            ? "Next: cruddur baseline (without --plan), then cruddur release"
            : "Next: cruddur release applies what is absent");
  }

  private static String word(BaselineResult.Judgement judgement) {
    return judgement.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
