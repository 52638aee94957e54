package app.cruddur.ops.runner.api.migration;

import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;

/**
 * A change to the items already in the messages table that a step file's expressions cannot say,
 * written in Java over the model's item types (Flyway's {@code JavaMigration}, for DynamoDB items).
 *
 * <p>An implementation is found with {@link java.util.ServiceLoader} (list it in {@code
 * META-INF/services/app.cruddur.ops.runner.api.migration.ItemMigration} of a jar on the runner's
 * class path) and named from a {@code dynamodb-migration} step:
 *
 * <pre>{@code
 * kind: dynamodb-migration
 * select: {scan: {}}
 * change: {java: fill-display-names}
 * }</pre>
 *
 * <p>The engine reads each selected item as its model type (a {@code MSG#} item as a {@link
 * Message}, a {@code GRP#} item as a {@link MessageGroupRow}; items of neither kind are skipped,
 * items the model cannot read are reported as failed), calls the method for its type and writes the
 * result in the model's form, conditionally on the item being unchanged since it was read. A result
 * with another key (another {@code sk}) moves the item: put new, delete old, in one transaction.
 * Attributes the model does not know are kept.
 *
 * <p>A migration must be idempotent: applied to its own result it must return it unchanged (a
 * resumed or rerun segment meets items it already changed). The engine checks this on every item
 * and stops the step when it is not. It must also be deterministic (no clock, no random ids): a dry
 * run and the real run must agree.
 */
public interface ItemMigration {
  /**
   * The name a step file gives in {@code change: {java: NAME}}: lower case, words joined by dashes.
   */
  String name();

  /** The message as it should be (the same message when there is nothing to change). */
  default Message migrate(Message message) {
    return message;
  }

  /** The group row as it should be (the same row when there is nothing to change). */
  default MessageGroupRow migrate(MessageGroupRow row) {
    return row;
  }
}
