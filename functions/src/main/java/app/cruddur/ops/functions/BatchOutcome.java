package app.cruddur.ops.functions;

import java.util.List;
import java.util.Optional;

/**
 * What became of a batch of stream records, one outcome per record in stream order.
 *
 * @param outcomes the records' outcomes, in the order they were given
 */
public record BatchOutcome(List<ChangeOutcome> outcomes) {
  public BatchOutcome {
    outcomes = List.copyOf(outcomes);
  }

  /**
   * The first record that failed, in stream order: where the stream must resume. Lambda's partial
   * batch response names its sequence number and retries from it onward.
   */
  public Optional<ChangeOutcome> firstFailure() {
    return outcomes.stream().filter(outcome -> outcome.status().isFailure()).findFirst();
  }

  /** How many records had {@code status}. */
  public long count(ChangeOutcome.Status status) {
    return outcomes.stream().filter(outcome -> outcome.status() == status).count();
  }

  /** How many group rows were moved. */
  public long rowsMoved() {
    return outcomes.stream()
        .flatMap(outcome -> outcome.moves().stream())
        .filter(move -> move.result() == GroupRowMove.Result.MOVED)
        .count();
  }

  /** The group rows that could not be read, over all records (each once). */
  public List<app.cruddur.ops.model.UnreadableItem> unreadable() {
    return outcomes.stream().flatMap(outcome -> outcome.unreadable().stream()).distinct().toList();
  }

  /** One line for a log: counts per status, rows moved, rows that could not be read. */
  public String summary() {
    StringBuilder line = new StringBuilder(outcomes.size() + " record(s):");
    for (ChangeOutcome.Status status : ChangeOutcome.Status.values()) {
      line.append(' ')
          .append(status.name().toLowerCase(java.util.Locale.ROOT))
          .append('=')
          .append(count(status));
    }
    line.append(", group rows moved=").append(rowsMoved());
    int unreadable = unreadable().size();
    return unreadable == 0
        ? line.toString()
        : line.append(", unreadable group rows left alone=").append(unreadable).toString();
  }
}
