package app.cruddur.ops.runner.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** The known names nearest to a misspelt one (edit distance), for "did you mean". */
final class Nearest {
  private Nearest() {}

  /** At most {@code count} of {@code known}, nearest to {@code name} first. */
  static List<String> to(String name, Collection<String> known, int count) {
    return known.stream()
        .sorted(Comparator.comparingInt((String k) -> distance(k, name)).thenComparing(k -> k))
        .limit(count)
        .toList();
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
