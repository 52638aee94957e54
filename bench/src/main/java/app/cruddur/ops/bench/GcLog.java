package app.cruddur.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * @param full the full collections' live sets: the heap a full collection left, the only
 *     after-figure that is the live set (a young one that finds the old generation full frees
 *     nothing and reports the whole heap)
 */
public record GcLog(
    int collections,
    long maxBeforeMb,
    long maxAfterMb,
    long maxCommittedMb,
    long exitUsedKb,
    FullCollections full) {
  /**
   * What the full collections left, over the run: the most in its first half and in its second half
   * (by the log's uptime, between the first and the last full collection). A live set that grew
   * with the work would be larger in the second half.
   */
  public record FullCollections(int count, long firstHalfMaxMb, long secondHalfMaxMb) {
    static final FullCollections NONE = new FullCollections(0, 0, 0);

    static FullCollections of(List<double[]> timeAndAfterMb) {
      if (timeAndAfterMb.isEmpty()) {
        return NONE;
      }
      double middle =
          (timeAndAfterMb.get(0)[0] + timeAndAfterMb.get(timeAndAfterMb.size() - 1)[0]) / 2;
      long first = 0;
      long second = 0;
      for (double[] c : timeAndAfterMb) {
        if (c[0] <= middle) {
          first = Math.max(first, (long) c[1]);
        } else {
          second = Math.max(second, (long) c[1]);
        }
      }
      return new FullCollections(timeAndAfterMb.size(), first, second);
    }
  }

  /** No log: nothing known. */
  public static final GcLog NONE = new GcLog(0, 0, 0, 0, 0, FullCollections.NONE);

  private static final Pattern PAUSE =
      Pattern.compile("GC\\(\\d+\\) .*?(\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private static final Pattern UPTIME = Pattern.compile("^\\[(\\d+(?:\\.\\d+)?)s\\]");
  private static final Pattern EXIT = Pattern.compile("total (\\d+)K, used (\\d+)K");

  /** The JVM options that write the log this reads. */
  public static List<String> options(Path file) {
    return List.of("-Xlog:gc,gc+heap+exit:file=" + file + ":uptime");
  }

  /** Reads a log (an empty summary when there is none). */
  public static GcLog read(Path file) throws IOException {
    return Files.isRegularFile(file) ? parse(Files.readAllLines(file)) : NONE;
  }

  static GcLog parse(List<String> lines) {
    int collections = 0;
    long before = 0;
    long after = 0;
    long committed = 0;
    long exitUsed = 0;
    boolean atExit = false;
    List<double[]> full = new ArrayList<>();
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line);
      if (!atExit && m.find()) {
        collections++;
        before = Math.max(before, Long.parseLong(m.group(1)));
        after = Math.max(after, Long.parseLong(m.group(2)));
        committed = Math.max(committed, Long.parseLong(m.group(3)));
        if (line.contains("Pause Full")) {
          Matcher t = UPTIME.matcher(line);
          if (t.find()) {
            full.add(new double[] {Double.parseDouble(t.group(1)), Long.parseLong(m.group(2))});
          }
        }
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
    return new GcLog(collections, before, after, committed, exitUsed, FullCollections.of(full));
  }
}
