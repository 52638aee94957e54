package app.cruddur.ops.runner.adopt;

/**
 * A user as the course's scripts pass one around ({@code bin/ddb/seed}'s {@code get_user_uuids}:
 * {@code users.uuid, display_name, handle}).
 *
 * @param uuid {@code users.uuid}
 * @param displayName {@code users.display_name}
 * @param handle {@code users.handle}
 */
public record CourseUser(String uuid, String displayName, String handle) {}
