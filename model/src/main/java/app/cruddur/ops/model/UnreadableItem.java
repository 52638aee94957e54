package app.cruddur.ops.model;

import java.util.Objects;

/**
 * An item that does not have the shape of its type (a message without {@code user_handle}, a sort
 * key that is no timestamp): what a tolerant reader reports instead of failing the whole read.
 *
 * @param pk its partition key as stored (empty when it has none)
 * @param sk its sort key as stored (empty when it has none)
 * @param problem what is wrong, naming the attribute
 */
public record UnreadableItem(String pk, String sk, String problem) {
  public UnreadableItem {
    Objects.requireNonNull(pk, "pk");
    Objects.requireNonNull(sk, "sk");
    Objects.requireNonNull(problem, "problem");
  }

  /** The item of {@code attributes}, with {@code problem}. */
  public static UnreadableItem of(java.util.Map<String, String> attributes, String problem) {
    return new UnreadableItem(
        attributes.getOrDefault(MessagesTable.PK, ""),
        attributes.getOrDefault(MessagesTable.SK, ""),
        problem);
  }

  /**
   * One line for a warning: {@code item MSG#… / 2026-…: message item has no 'user_handle'
   * attribute}.
   */
  public String describe() {
    return "item " + pk + " / " + sk + ": " + problem;
  }

  /** {@link #describe()} naming the table: {@code item MSG#… / 2026-… of cruddur-messages: …}. */
  public String describeIn(String table) {
    return "item " + pk + " / " + sk + " of " + table + ": " + problem;
  }
}
