package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.stream.IntStream;

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
  private final boolean color;
  private int barWidth;
  private volatile String doing;
  private volatile String detail;
  private boolean interrupted;
  private Supplier<OptionalInt> width = OptionalInt::empty;

  /** Between a table's columns. */
  private static final String GAP = "  ";

  /** A column is never cut narrower than this (nor than its header). */
  private static final int MIN_COLUMN = 6;

  /**
   * @param interactive stderr is a terminal: progress bars are redrawn in place
   * @param color the terminal may be given colours ({@code NO_COLOR} unset, not a dumb terminal)
   */
  public Output(
      PrintWriter out,
      PrintWriter err,
      OutputFormat format,
      boolean quiet,
      boolean interactive,
      boolean color) {
    this.out = out;
    this.err = err;
    this.format = format;
    this.quiet = quiet;
    this.interactive = interactive;
    this.color = interactive && color;
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

  /** True when progress may use colours: a terminal, and {@code NO_COLOR} not set. */
  public boolean color() {
    return color;
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

  /** A progress or notice line on stderr (not with --quiet), on a line of its own. */
  public synchronized void progress(String text) {
    if (!quiet && !interrupted) {
      endBar();
      err.println(text);
      err.flush();
    }
  }

  /**
   * Redraws the one-line progress bar on a terminal, blanking whatever the last drawing left beyond
   * it; {@code done} ends its line. Off a terminal, a plain line.
   */
  public synchronized void progressBar(String text, boolean done) {
    if (quiet || interrupted) {
      return; // after an interruption's line, the last thing on the terminal stays that line
    }
    if (interactive) {
      int width = visibleWidth(text);
      err.print("\r" + text + " ".repeat(Math.max(0, barWidth - width)));
      if (barWidth > width) {
        err.print("\r" + text);
      }
      if (done) {
        err.print("\n");
      }
      barWidth = done ? 0 : width;
    } else {
      err.println(text);
    }
    err.flush();
  }

  /** What the command is doing now ({@code step V005 (dynamodb-seed)}), for an interruption. */
  public void doing(String what) {
    doing = what;
    detail = null;
  }

  /** Where it is in that ({@code writing: 3000 of 10000 items}), for an interruption. */
  public void detail(String where) {
    detail = where;
  }

  /**
   * The line an interruption prints, on a line of its own (shown even with --quiet): what {@code
   * operation} stopped during, and {@code remedy}.
   */
  public synchronized void interrupted(String operation, String remedy) {
    endBar();
    interrupted = true;
    String during = doing == null ? "" : " during " + doing;
    String where = detail == null ? "" : " (" + detail + ")";
    err.println("interrupted: cruddur " + operation + " stopped" + during + where + ". " + remedy);
    err.flush();
  }

  /** Ends a bar's line, so that what comes next is not glued to it. */
  private void endBar() {
    if (barWidth > 0) {
      err.print("\n");
      barWidth = 0;
    }
  }

  private static int visibleWidth(String text) {
    return text.replaceAll("\u001b\\[[0-9;]*m", "").length();
  }

  /** A warning on stderr, shown even with --quiet. */
  public synchronized void warn(String text) {
    endBar();
    err.println("warning: " + text);
    err.flush();
  }

  /**
   * Fits tables to {@code width} columns (asked only when a table is printed): the terminal's, or
   * none when stdout is not one (a pipe gets every character).
   */
  public Output fitTo(Supplier<OptionalInt> width) {
    this.width = width;
    return this;
  }

  /**
   * Prints a table: headers, then rows, columns padded to their widest cell; on a terminal too
   * narrow for that, the widest columns are cut (with …) until the rows fit.
   */
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
    width.get().ifPresent(w -> shrink(widths, headers, w));
    out.println(format(headers, widths));
    for (List<String> row : rows) {
      out.println(format(row, widths));
    }
    out.flush();
  }

  /** The {@code error: <what>. <what to do>} line, on stderr (shown even with --quiet). */
  public synchronized void errorLine(CruddurException e) {
    endBar();
    err.println("error: " + e.getMessage());
    err.flush();
  }

  /** The error stream, for stack traces with --debug. */
  public PrintWriter err() {
    return err;
  }

  /** Narrows the widest columns, one character at a time, until a row fits in {@code width}. */
  static void shrink(int[] widths, List<String> headers, int width) {
    while (IntStream.of(widths).sum() + GAP.length() * (widths.length - 1) > width) {
      int widest = -1;
      for (int i = 0; i < widths.length; i++) {
        if (widths[i] > Math.max(MIN_COLUMN, headers.get(i).length())
            && (widest < 0 || widths[i] > widths[widest])) {
          widest = i;
        }
      }
      if (widest < 0) {
        return; // every column at its narrowest: the terminal wraps what is left
      }
      widths[widest]--;
    }
  }

  private static String format(List<String> cells, int[] widths) {
    List<String> padded = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cut(oneLine(cells.get(i)), i < widths.length ? widths[i] : Integer.MAX_VALUE);
      padded.add(i == cells.size() - 1 ? cell : pad(cell, widths[i]));
    }
    return String.join(GAP, padded).stripTrailing();
  }

  private static String cut(String cell, int width) {
    return cell.length() <= width ? cell : cell.substring(0, Math.max(0, width - 1)) + "…";
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
  }
}
