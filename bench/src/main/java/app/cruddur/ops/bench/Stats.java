package app.cruddur.ops.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Repeated measurements of one thing: median, min and max.
 *
 * @param values the measurements, in the order taken
 */
public record Stats(List<Double> values) {
  public Stats {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no measurements");
    }
    values = List.copyOf(values);
  }

  /** The median (the mean of the two middle values for an even count). */
  public double median() {
    List<Double> sorted = sorted();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  public double min() {
    return Collections.min(values);
  }

  public double max() {
    return Collections.max(values);
  }

  /** {@code 1.23 (1.20–1.31)}, or the one value when there is one. */
  public String describe() {
    if (values.size() == 1) {
      return BenchReport.number(median());
    }
    return BenchReport.number(median())
        + " ("
        + BenchReport.number(min())
        + "–"
        + BenchReport.number(max())
        + ")";
  }

  private List<Double> sorted() {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted;
  }
}
