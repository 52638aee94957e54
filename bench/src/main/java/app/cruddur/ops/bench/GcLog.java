package app.cruddur.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a child JVM's {@code -Xlog:gc,gc+heap+exit:file=F} says about its Java heap: the heap used
 * before and after each collection, and the heap used at exit.
 *
 * @param collections garbage collections
 * @param maxBeforeMb most heap in use when a collection started (the peak the log can see)
 * @param maxAfterMb most heap still in use after a collection: the live set's high-water mark
 * @param maxCommittedMb most heap committed
 * @param exitUsedKb heap in use at exit
 */
public record GcLog(int collections, long maxBeforeMb, long maxAfterMb, long maxCommittedMb, long exitUsedKb) {
  private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) .*?(\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private static final Pattern EXIT = Pattern.compile("total (\\d+)K, used (\\d+)K");

  /** The JVM options that write the log this reads. */
  public static List<String> options(Path file) {
    return List.of("-Xlog:gc,gc+heap+exit:file=" + file + ":uptime");
  }

  /** Reads a log (an empty summary when there is none). */
  public static GcLog read(Path file) throws IOException {
    return Files.isRegularFile(file) ? parse(Files.readAllLines(file)) : new GcLog(0, 0, 0, 0, 0);
  }

  static GcLog parse(List<String> lines) {
    int collections = 0;
    long before = 0;
    long after = 0;
    long committed = 0;
    long exitUsed = 0;
    boolean atExit = false;
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line);
      if (!atExit && m.find()) {
        collections++;
        before = Math.max(before, Long.parseLong(m.group(1)));
        after = Math.max(after, Long.parseLong(m.group(2)));
        committed = Math.max(committed, Long.parseLong(m.group(3)));
        continue;
      }
      if (line.endsWith("] Heap") || line.endsWith(" Heap")) {
        atExit = true;
        continue;
      }
      Matcher e = EXIT.matcher(line);
      if (atExit && exitUsed == 0 && e.find()) {
        exitUsed = Long.parseLong(e.group(2));
      }
    }
    return new GcLog(collections, before, after, committed, exitUsed);
  }
}
