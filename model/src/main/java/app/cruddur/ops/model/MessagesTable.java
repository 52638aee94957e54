package app.cruddur.ops.model;

import java.util.List;

/**
 * The {@code cruddur-messages} table: single-table design holding messages and message groups. Only
 * group rows carry {@link #GROUP_UUID}, so the GSI is sparse and indexes exactly the group rows,
 * one per member.
 */
public final class MessagesTable {
  /** Default table name. */
  public static final String NAME = "cruddur-messages";

  /** Partition key attribute. */
  public static final String PK = "pk";

  /**
   * Sort key attribute: an ISO-8601 timestamp, canonical when we write it (see {@link
   * IsoTimestamps}).
   */
  public static final String SK = "sk";

  /** The sparse GSI over group rows. */
  public static final String GROUP_INDEX = "message-group-sk-index";

  /** Attribute naming the message group of a group row (the GSI's partition key). */
  public static final String GROUP_UUID = "message_group_uuid";

  /** Attribute of a message item: its own uuid. */
  public static final String MESSAGE_UUID = "message_uuid";

  /** Attribute: message text (on a group row: the latest message of the group). */
  public static final String MESSAGE = "message";

  /** Attribute: a user's uuid (sender of a message; the OTHER member on a group row). */
  public static final String USER_UUID = "user_uuid";

  /** Attribute: a user's display name (as {@link #USER_UUID}). */
  public static final String USER_DISPLAY_NAME = "user_display_name";

  /** Attribute: a user's handle (as {@link #USER_UUID}). */
  public static final String USER_HANDLE = "user_handle";

  /**
   * Attribute of a group row: the exact time of the group's latest message, in canonical form. The
   * row's sort key is that time, or a few microseconds after it when another group's row of the
   * same owner holds that key (see {@link MessageGroupRow}).
   */
  public static final String LAST_MESSAGE_AT = "last_message_at";

  /** Stream view of the table: the stream consumer needs the new image only. */
  public static final String STREAM_VIEW = "NEW_IMAGE";

  /** DynamoDB's item size limit; a message text is bounded well below it. */
  public static final int MAX_ITEM_BYTES = 400 * 1024;

  private static final TableDefinition DEFINITION =
      new TableDefinition(
          NAME,
          new KeyAttribute(PK),
          new KeyAttribute(SK),
          List.of(
              new IndexDefinition(GROUP_INDEX, new KeyAttribute(GROUP_UUID), new KeyAttribute(SK))),
          STREAM_VIEW);

  private MessagesTable() {}

  /** The table as cruddur-messaging.md defines it. */
  public static TableDefinition definition() {
    return DEFINITION;
  }

  /** The same table under another name. */
  public static TableDefinition definition(String tableName) {
    return DEFINITION.withTableName(tableName);
  }
}
