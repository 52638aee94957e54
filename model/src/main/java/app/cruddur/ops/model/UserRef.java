package app.cruddur.ops.model;

import java.util.Objects;
import java.util.UUID;

/**
 * A user as denormalized into items: the sender of a message, or the other member on a group row.
 *
 * @param uuid {@code users.uuid}
 * @param displayName {@code users.display_name}
 * @param handle {@code users.handle}
 */
public record UserRef(UUID uuid, String displayName, String handle) {
  public UserRef {
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(handle, "handle");
  }
}
