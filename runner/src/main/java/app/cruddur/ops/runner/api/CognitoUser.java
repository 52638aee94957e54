package app.cruddur.ops.runner.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One user of a Cognito user pool, as the runner reads it (ListUsers).
 *
 * @param username Cognito's username (the {@code sub} itself when the pool signs in by email)
 * @param sub the immutable user id, copied to {@code users.cognito_user_id}
 * @param handle {@code preferred_username}, the Cruddur handle; empty when the user has none
 * @param email the email address, if set
 * @param name the display name, if set
 * @param status Cognito's user status ({@code CONFIRMED}, {@code FORCE_CHANGE_PASSWORD}, ...)
 * @param enabled whether the user may sign in
 */
public record CognitoUser(
    String username,
    String sub,
    Optional<String> handle,
    Optional<String> email,
    Optional<String> name,
    String status,
    boolean enabled) {

  public CognitoUser {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(sub, "sub");
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
  }
}
