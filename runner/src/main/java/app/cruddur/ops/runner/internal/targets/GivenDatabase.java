package app.cruddur.ops.runner.internal.targets;

import app.cruddur.ops.runner.api.DatabaseUrls;
import app.cruddur.ops.runner.api.Target;
import java.util.Map;
import java.util.Optional;

/**
 * A database named by {@code --db-url}, else by {@code CRUDDUR_DATABASE_URL}, with where it was
 * named (messages say so: a database from the environment is easy to forget).
 *
 * @param url the URL as given (may hold a password: never shown)
 * @param parsed its parts ({@link DatabaseUrls.Parsed#toString()} has no password)
 * @param source {@code --db-url} or {@code CRUDDUR_DATABASE_URL}
 */
record GivenDatabase(String url, DatabaseUrls.Parsed parsed, String source) {
  /** The environment variable that names a target's PostgreSQL when --db-url does not. */
  static final String ENV = "CRUDDUR_DATABASE_URL";

  /** The database {@code target} or {@code env} names, if any. */
  static Optional<GivenDatabase> of(Target target, Map<String, String> env) {
    if (target.databaseUrl().isPresent()) {
      return Optional.of(
          new GivenDatabase(
              target.databaseUrl().get(),
              DatabaseUrls.parse(target.databaseUrl().get()),
              "--db-url"));
    }
    return Optional.ofNullable(env.get(ENV))
        .filter(u -> !u.isBlank())
        .map(u -> new GivenDatabase(u, DatabaseUrls.parse(u), ENV));
  }
}
