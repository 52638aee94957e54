package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.HistoryQuery;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.ReleaseListener;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code cruddur history}: every attempt the ledger recorded, newest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "Show every attempt the ledger recorded, newest first: step, outcome, who, when, how long"
            + " and the error line of a failure. Reads PostgreSQL only, without the lock.")
public final class HistoryCommand extends TargetCommandBase {
  @Option(names = "--step", paramLabel = "VERSION", description = "Only this step (V001).")
  String step;

  @Option(
      names = "--outcome",
      paramLabel = "OUTCOME",
      description =
          "Only this outcome: succeeded, failed, started (running, or its process died),"
              + " rolled_back, repaired, forgotten.")
  String outcome;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      converter = SinceConverter.class,
      description = "Only attempts started since: 30m, 12h, 7d ago, or a date (2026-12-01).")
  Instant since;

  @Option(
      names = "--by",
      paramLabel = "TEXT",
      description = "Only attempts whose runner (user@host pid N) contains TEXT.")
  String by;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most N attempts (default " + HistoryQuery.DEFAULT_LIMIT + ").")
  int limit = HistoryQuery.DEFAULT_LIMIT;

  @Override
  protected OperationResult execute() {
    HistoryQuery query =
        new HistoryQuery(
            Optional.ofNullable(step),
            Optional.ofNullable(outcome),
            Optional.ofNullable(since),
            Optional.ofNullable(by),
            limit);
    // the ledger is read whatever the release context (which filters steps; history reads none)
    try (Release release = release("dev", Duration.ZERO, ReleaseListener.NONE)) {
      return release.history(query);
    }
  }

  /** {@code 30m}, {@code 12h}, {@code 7d} ago; a date (midnight UTC) or an ISO-8601 instant. */
  static final class SinceConverter implements ITypeConverter<Instant> {
    private static final Pattern AGO = Pattern.compile("(\\d{1,9})([mhd])");

    @Override
    public Instant convert(String value) {
      Matcher m = AGO.matcher(value.strip().toLowerCase(java.util.Locale.ROOT));
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        Duration ago =
            switch (m.group(2)) {
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
        return Instant.now().minus(ago);
      }
      try {
        return value.contains("T")
            ? Instant.parse(value.strip())
            : LocalDate.parse(value.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + value + "' is neither a time ago (30m, 12h, 7d) nor a date (2026-12-01)");
      }
    }
  }
}
