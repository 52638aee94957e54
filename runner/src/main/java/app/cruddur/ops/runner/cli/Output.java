package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a command prints goes through here: results to stdout (a table or one JSON document),
 * progress and errors to stderr. Nothing below the CLI prints.
 */
public final class Output {
  private final PrintWriter out;
  private final PrintWriter err;
  private final OutputFormat format;
  private final boolean quiet;
  private final boolean interactive;

  public Output(
      PrintWriter out, PrintWriter err, OutputFormat format, boolean quiet, boolean interactive) {
    this.out = out;
    this.err = err;
    this.format = format;
    this.quiet = quiet;
    this.interactive = interactive;
  }

  /** True when results are one JSON document. */
  public boolean json() {
    return format == OutputFormat.json;
  }

  /** True when progress lines should be printed. */
  public boolean showProgress() {
    return !quiet;
  }

  /** True when stderr is a terminal that can redraw a progress bar. */
  public boolean interactive() {
    return interactive;
  }

  /** Prints {@code document} as the one JSON document of this command. */
  public void printJson(Object document) {
    try {
      out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(document));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render json: " + e.getOriginalMessage(), e);
    }
  }

  /** A result line for humans (table mode only). */
  public void line(String text) {
    if (!json()) {
      out.println(text);
      out.flush();
    }
  }

  /** A progress or notice line on stderr (not with --quiet). */
  public void progress(String text) {
    if (!quiet) {
      err.println(text);
      err.flush();
    }
  }

  /** Redraws a one-line progress bar on a terminal; plain occasional lines otherwise. */
  public void progressBar(String text, boolean done) {
    if (quiet) {
      return;
    }
    if (interactive) {
      err.print("\r" + text + (done ? "\n" : ""));
    } else {
      err.println(text);
    }
    err.flush();
  }

  /** A warning on stderr, shown even with --quiet. */
  public void warn(String text) {
    err.println("warning: " + text);
    err.flush();
  }

  /** Prints a table: headers, then rows, columns padded to their widest cell. */
  public void table(List<String> headers, List<List<String>> rows) {
    if (json()) {
      return;
    }
    int[] widths = new int[headers.size()];
    for (int i = 0; i < headers.size(); i++) {
      widths[i] = headers.get(i).length();
    }
    for (List<String> row : rows) {
      for (int i = 0; i < row.size() && i < widths.length; i++) {
        widths[i] = Math.max(widths[i], oneLine(row.get(i)).length());
      }
    }
    out.println(format(headers, widths));
    for (List<String> row : rows) {
      out.println(format(row, widths));
    }
    out.flush();
  }

  /** The {@code error: <what>. <what to do>} line, on stderr (shown even with --quiet). */
  public void errorLine(CruddurException e) {
    err.println("error: " + e.getMessage());
    err.flush();
  }

  /** The error stream, for stack traces with --debug. */
  public PrintWriter err() {
    return err;
  }

  private static String format(List<String> cells, int[] widths) {
    List<String> padded = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      String cell = oneLine(cells.get(i));
      padded.add(i == cells.size() - 1 ? cell : pad(cell, widths[i]));
    }
    return String.join("  ", padded).stripTrailing();
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
  }
}
