package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.DatabaseUrls;
import app.cruddur.ops.runner.api.Envelope;
import app.cruddur.ops.runner.api.ExitCode;
import app.cruddur.ops.runner.api.FailedChangeset;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.ReleaseEvent;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.Warning;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;

/**
 * The one renderer of every command's outcome: a result as a table ({@link TextViews}) or as the
 * {@code result} of one JSON envelope, warnings on stderr (and in the envelope), failures as the
 * {@code error:} line on stderr (and the envelope's {@code error}). With {@code --output json}
 * stdout holds exactly one document, whatever happened:
 *
 * <pre>{@code
 * {"operation": "ddb scan", "target": "local", "result": {...}, "warnings": [...],
 *  "error": {"code": "UNKNOWN_TABLE", "exitCode": 2, "message": "...", "hint": "..."}}
 * }</pre>
 */
public final class Renderer {
  private final Output out;

  public Renderer(Output out) {
    this.out = out;
  }

  /** The output streams, for the text views. */
  Output output() {
    return out;
  }

  /**
   * Renders what {@code operation} returned; the exit code is its failure's, if the result is one
   * (a sync with conflicts), else OK.
   */
  public int render(String operation, Optional<String> target, OperationResult result) {
    result.warnings().forEach(w -> out.warn(w.message()));
    Optional<CruddurException> failure = result.failure();
    if (out.json()) {
      out.printJson(envelope(operation, target, Optional.of(result), result.warnings(), failure));
    } else {
      TextViews.render(out, result);
    }
    failure.ifPresent(out::errorLine);
    return failure.map(f -> f.exitCode().code()).orElse(ExitCode.OK.code());
  }

  /**
   * Renders a failure of {@code operation}: the error line, and in json mode the envelope; returns
   * its exit code.
   */
  public int fail(String operation, Optional<String> target, CruddurException original) {
    // whatever a message quotes (a flag's value, a driver's text), no URL's password is printed
    CruddurException failure =
        new CruddurException(
                original.code(),
                DatabaseUrls.redact(original.problem()),
                DatabaseUrls.redact(original.remedy()),
                original.getCause())
            .withChangeset(
                original
                    .changeset()
                    .map(
                        c ->
                            new FailedChangeset(
                                c.file(),
                                c.line(),
                                c.id(),
                                c.author(),
                                DatabaseUrls.redact(c.statement()))));
    out.errorLine(failure);
    if (out.json()) {
      out.printJson(envelope(operation, target, Optional.empty(), List.of(), Optional.of(failure)));
    }
    return failure.exitCode().code();
  }

  /**
   * What a command run without a terminal prints, stdout and stderr as one text, exactly as the CLI
   * prints it: its events told to the listener a release shows progress with, then its result or
   * its failure. The release vehicle's log keeps it.
   */
  public static String transcript(
      String operation,
      Optional<String> target,
      List<ReleaseEvent> events,
      Optional<OperationResult> result,
      Optional<CruddurException> failure,
      boolean json) {
    StringWriter text = new StringWriter();
    try (PrintWriter both = new PrintWriter(text)) {
      Renderer renderer =
          new Renderer(
              new Output(
                  both, both, json ? OutputFormat.json : OutputFormat.table, false, false, false));
      ReleaseListener progress = renderer.releaseProgress();
      events.forEach(e -> e.replayTo(progress));
      if (result.isPresent()) {
        renderer.render(operation, target, result.get());
      } else {
        failure.ifPresent(f -> renderer.fail(operation, target, f));
      }
    }
    return text.toString();
  }

  /**
   * Progress of steps and notices as a release prints them (table mode); notices only with json.
   */
  public ReleaseListener progress() {
    return out.json() ? notices() : ReleaseReport.listener(out, false);
  }

  /** {@link #progress()}, headed by the "Release to …" line a release starts with. */
  public ReleaseListener releaseProgress() {
    return out.json() ? notices() : ReleaseReport.listener(out, true);
  }

  /** Notices only (throttling retries, a stale lock released), on stderr. */
  public ReleaseListener notices() {
    return new ReleaseListener() {
      @Override
      public void notice(String message) {
        out.progress(message);
      }
    };
  }

  /**
   * Where a scan's items go as they are read: printed at once as lines, or kept for the json
   * document.
   */
  public DdbReport.ScanSink scanSink() {
    return new DdbReport.ScanSink(out);
  }

  private static ObjectNode envelope(
      String operation,
      Optional<String> target,
      Optional<OperationResult> result,
      List<Warning> warnings,
      Optional<CruddurException> failure) {
    return Envelope.of(
            operation,
            target,
            result.map(r -> r instanceof DdbReport.ScanOutput scan ? scan.document() : r),
            warnings,
            failure)
        .toJson();
  }
}
