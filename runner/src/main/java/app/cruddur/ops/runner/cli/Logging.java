package app.cruddur.ops.runner.cli;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * One logging setup for everything in the process: our code, Liquibase (java.util.logging), the AWS
 * SDK and zonky (slf4j bound to java.util.logging). Quiet by default (warnings only), verbose with
 * {@code --debug}; always on stderr, so stdout stays the command's result.
 */
public final class Logging {
  // Strong references: java.util.logging keeps loggers weakly, and a collected logger loses its
  // level.
  private static final Logger ROOT = Logger.getLogger("");
  private static final Logger OURS = Logger.getLogger("app.cruddur");
  private static final Logger LIQUIBASE = Logger.getLogger("liquibase");
  private static final Logger AWS_SDK = Logger.getLogger("software.amazon.awssdk");
  private static final Logger AWS_WIRE = Logger.getLogger("software.amazon.awssdk.request");
  private static final Logger HTTP = Logger.getLogger("org.apache.hc");
  private static final Logger ZONKY = Logger.getLogger("io.zonky");

  private Logging() {}

  /** Configures logging for this process; call once, before anything logs. */
  public static void configure(boolean debug, boolean quiet, PrintStream stderr) {
    LogManager.getLogManager().reset();
    Handler handler =
        new StreamHandler(stderr, new OneLineFormatter()) {
          @Override
          public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
          }
        };
    handler.setLevel(Level.ALL);
    ROOT.addHandler(handler);
    ROOT.setLevel(quiet ? Level.SEVERE : Level.WARNING);
    if (debug) {
      ROOT.setLevel(Level.INFO);
      OURS.setLevel(Level.FINE);
      LIQUIBASE.setLevel(Level.INFO);
      AWS_SDK.setLevel(Level.INFO);
      AWS_WIRE.setLevel(Level.FINE);
      HTTP.setLevel(Level.WARNING);
      ZONKY.setLevel(Level.INFO);
    } else {
      LIQUIBASE.setLevel(Level.WARNING);
      // a changeset that fails is the error line already: Liquibase's own "encountered an
      // exception" would be a second
      handler.setFilter(
          r ->
              r.getLevel() != Level.SEVERE
                  || r.getLoggerName() == null
                  || !r.getLoggerName().startsWith("liquibase"));
      AWS_SDK.setLevel(Level.WARNING);
    }
  }

  private static final class OneLineFormatter extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    @Override
    public String format(LogRecord record) {
      String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
      int dot = logger.lastIndexOf('.');
      StringBuilder line =
          new StringBuilder()
              .append(TIME.format(LocalTime.now()))
              .append(' ')
              .append(record.getLevel().getName().toLowerCase())
              .append(' ')
              .append(dot >= 0 ? logger.substring(dot + 1) : logger)
              .append(": ")
              .append(formatMessage(record))
              .append(System.lineSeparator());
      if (record.getThrown() != null && ROOT.isLoggable(Level.FINE)) {
        java.io.StringWriter trace = new java.io.StringWriter();
        record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
        line.append(trace);
      }
      return line.toString();
    }
  }
}
