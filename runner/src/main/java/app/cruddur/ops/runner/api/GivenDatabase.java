package app.cruddur.ops.runner.api;

import java.util.Map;
import java.util.Optional;

/**
 * A database named by {@code --db-url}, else by {@code CRUDDUR_DATABASE_URL}, with where it was
 * named (messages say so: a database from the environment is easy to forget). {@link #toString()}
 * never shows the password.
 *
 * @param url the URL as given (may hold a password: never shown)
 * @param parsed its parts ({@link DatabaseUrls.Parsed#toString()} has no password)
 * @param source {@code --db-url} or {@code CRUDDUR_DATABASE_URL}
 */
public record GivenDatabase(String url, DatabaseUrls.Parsed parsed, String source) {
  /** The environment variable that names a target's PostgreSQL when --db-url does not. */
  public static final String ENV = "CRUDDUR_DATABASE_URL";

  /**
   * The database {@code target} or {@code env} names, if any.
   *
   * @throws CruddurException exit 2 for a URL that is not a PostgreSQL URL
   */
  public static Optional<GivenDatabase> of(Target target, Map<String, String> env) {
    if (target.databaseUrl().isPresent()) {
      String url = target.databaseUrl().get();
      return Optional.of(new GivenDatabase(url, DatabaseUrls.parse(url), "--db-url"));
    }
    return Optional.ofNullable(env.get(ENV))
        .filter(u -> !u.isBlank())
        .map(u -> new GivenDatabase(u, DatabaseUrls.parse(u), ENV));
  }

  @Override
  public String toString() {
    return parsed + " (" + source + ")";
  }
}
