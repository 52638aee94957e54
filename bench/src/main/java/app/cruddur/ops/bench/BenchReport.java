package app.cruddur.ops.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes one benchmark's section of BENCHMARKS.md: replaced in place between {@code <!-- bench:NAME
 * -->} markers (appended the first time), always with the machine, the date and the command that
 * produced it.
 */
public final class BenchReport {
  private BenchReport() {}

  /** Replaces (or appends) the section {@code name} of {@code file}. */
  public static void write(Path file, String name, String title, String command, String body)
      throws IOException {
    String section =
        "<!-- bench:"
            + name
            + " -->\n## "
            + title
            + "\n\n"
            + machine()
            + "\n- Command: `"
            + command
            + "`\n\n"
            + body.strip()
            + "\n<!-- /bench:"
            + name
            + " -->";
    String existing =
        Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : header();
    Pattern old =
        Pattern.compile(
            "<!-- bench:"
                + Pattern.quote(name)
                + " -->.*?<!-- /bench:"
                + Pattern.quote(name)
                + " -->",
            Pattern.DOTALL);
    Matcher m = old.matcher(existing);
    String updated =
        m.find()
            ? m.replaceFirst(Matcher.quoteReplacement(section))
            : existing.stripTrailing() + "\n\n" + section + "\n";
    Files.writeString(file, updated.stripTrailing() + "\n", StandardCharsets.UTF_8);
  }

  /** A markdown table. */
  public static String table(List<String> headers, List<List<String>> rows) {
    StringBuilder t = new StringBuilder("| " + String.join(" | ", headers) + " |\n|");
    headers.forEach(h -> t.append("---|"));
    t.append('\n');
    for (List<String> row : rows) {
      t.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return t.toString();
  }

  /** {@code 1,234.5}. */
  public static String number(double value) {
    return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : "%,.2f", value);
  }

  static String machine() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).strip();
          break;
        }
      }
    } catch (IOException ignored) {
      // not Linux
    }
    long memory =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    return "- Machine: "
        + Runtime.getRuntime().availableProcessors()
        + " cores ("
        + cpu
        + "), "
        + (memory >> 30)
        + " GiB, "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + ", Java "
        + System.getProperty("java.version")
        + "\n- Date: "
        + LocalDate.now(ZoneOffset.UTC);
  }

  private static String header() {
    return "# Benchmarks\n\n"
        + "Measured, not asserted: `bench/run` (or `bench/run NAME`) runs them and rewrites"
        + " its sections of this file. Numbers from one machine on one day; rerun before"
        + " comparing.\n";
  }
}
