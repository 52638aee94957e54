package app.cruddur.ops.runner.adopt;

/**
 * A user of a {@link HandMadeUserPool}, with the attributes the course's pool requires.
 *
 * @param email the sign-in name (the pool's username attribute)
 * @param name the {@code name} attribute (the display name)
 * @param handle the {@code preferred_username} attribute (the Cruddur handle)
 * @param sub the {@code sub} Cognito gave the user
 */
public record PoolUser(String email, String name, String handle, String sub) {}
