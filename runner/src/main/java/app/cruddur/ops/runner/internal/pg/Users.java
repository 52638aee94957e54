package app.cruddur.ops.runner.internal.pg;

import app.cruddur.ops.model.UserRef;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The {@code users} table as the DynamoDB side needs it: users by handle, created in bulk. */
public final class Users {
  private Users() {}

  /**
   * A user to create if missing.
   *
   * @param uuid fixed id
   * @param handle handle
   * @param displayName display name
   * @param email email
   */
  public record NewUser(UUID uuid, String handle, String displayName, String email) {}

  /** The users with these handles (those that exist), by handle; one query. */
  public static Map<String, UserRef> byHandles(Connection c, Collection<String> handles)
      throws SQLException {
    Map<String, UserRef> found = new LinkedHashMap<>();
    if (handles.isEmpty()) {
      return found;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT uuid, coalesce(display_name, handle), handle FROM public.users WHERE handle ="
                + " ANY (?)")) {
      Array array = c.createArrayOf("text", handles.toArray());
      s.setArray(1, array);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          found.put(
              rs.getString(3),
              new UserRef((UUID) rs.getObject(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    return found;
  }

  /** One user by handle. */
  public static Optional<UserRef> byHandle(Connection c, String handle) throws SQLException {
    return Optional.ofNullable(byHandles(c, List.of(handle)).get(handle));
  }

  /** Creates the users that do not exist yet (by handle), in one statement. */
  public static int ensureExist(Connection c, List<NewUser> users) throws SQLException {
    if (users.isEmpty()) {
      return 0;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO public.users (uuid, handle, display_name, email) SELECT * FROM"
                + " unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) ON CONFLICT (handle) DO"
                + " NOTHING")) {
      s.setArray(1, c.createArrayOf("uuid", users.stream().map(NewUser::uuid).toArray()));
      s.setArray(2, c.createArrayOf("text", users.stream().map(NewUser::handle).toArray()));
      s.setArray(3, c.createArrayOf("text", users.stream().map(NewUser::displayName).toArray()));
      s.setArray(4, c.createArrayOf("text", users.stream().map(NewUser::email).toArray()));
      return s.executeUpdate();
    }
  }
}
