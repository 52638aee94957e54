package app.cruddur.ops.model;

import java.util.Optional;
import java.util.UUID;

/** The partition-key scheme of the messages table: {@code MSG#group} and {@code GRP#user}. */
public final class ItemKeys {
  /** Prefix of a message's partition key, followed by the group uuid. */
  public static final String MESSAGE_PREFIX = "MSG#";

  /** Prefix of a group row's partition key, followed by the owner's user uuid. */
  public static final String GROUP_PREFIX = "GRP#";

  private ItemKeys() {}

  /** {@code MSG#{group}}: the partition holding a conversation (pattern A). */
  public static String messagePartition(UUID groupUuid) {
    return MESSAGE_PREFIX + groupUuid;
  }

  /** {@code GRP#{user}}: the partition holding a user's groups (pattern B). */
  public static String groupPartition(UUID userUuid) {
    return GROUP_PREFIX + userUuid;
  }

  /** The group of a message partition key, or empty if {@code pk} is not one. */
  public static Optional<UUID> groupOfMessagePartition(String pk) {
    return uuidAfter(MESSAGE_PREFIX, pk);
  }

  /** The owner of a group-row partition key, or empty if {@code pk} is not one. */
  public static Optional<UUID> ownerOfGroupPartition(String pk) {
    return uuidAfter(GROUP_PREFIX, pk);
  }

  private static Optional<UUID> uuidAfter(String prefix, String pk) {
    if (pk == null || !pk.startsWith(prefix)) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(pk.substring(prefix.length())));
    } catch (IllegalArgumentException notAUuid) {
      return Optional.empty();
    }
  }
}
