package app.cruddur.ops.runner.internal.cognito;

import java.util.Objects;

/**
 * A user to create in a pool that signs in by email.
 *
 * @param handle {@code preferred_username}: the Cruddur handle
 * @param name {@code name}: the display name
 * @param email {@code email}: the sign-in name
 */
public record NewUser(String handle, String name, String email) {
  public NewUser {
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
  }
}
