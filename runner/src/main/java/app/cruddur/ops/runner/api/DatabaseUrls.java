package app.cruddur.ops.runner.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * PostgreSQL connection URLs as users write them ({@code postgresql://user:pass@host:5432/db}, the
 * libpq and course form, or {@code jdbc:postgresql://host/db?user=..}), parsed once, and shown only
 * with the password removed.
 */
public final class DatabaseUrls {
  private DatabaseUrls() {}

  /**
   * The parts of a PostgreSQL URL.
   *
   * @param host host name
   * @param port port (5432 when absent)
   * @param database database name
   * @param user user, if given
   * @param password password, if given (never printed)
   * @param query extra parameters as given ({@code sslmode=verify-full} ...), without user/password
   */
  public record Parsed(String host, int port, String database, Optional<String> user, Optional<String> password, String query) {
    /** The JDBC URL without credentials. */
    public String jdbcUrl() {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database + (query.isEmpty() ? "" : "?" + query);
    }

    @Override
    public String toString() {
      return "postgresql://" + user.map(u -> u + "@").orElse("") + host + ":" + port + "/" + database;
    }
  }

  /**
   * Parses a URL.
   *
   * @throws CruddurException exit 2 naming the problem (without echoing a password)
   */
  public static Parsed parse(String url) {
    String text = url.strip();
    if (text.startsWith("jdbc:")) {
      text = text.substring("jdbc:".length());
    }
    if (text.startsWith("postgres://")) {
      text = "postgresql://" + text.substring("postgres://".length());
    }
    if (!text.startsWith("postgresql://")) {
      throw CruddurException.of(ErrorCode.BAD_DATABASE_URL, "the database URL " + redact(url) + " is not a PostgreSQL URL",
          "Write it as postgresql://USER@HOST:5432/DATABASE (the password from PGPASSWORD or the URL)");
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw CruddurException.of(ErrorCode.BAD_DATABASE_URL, "the database URL " + redact(url) + " does not parse: " + e.getReason(),
          "Write it as postgresql://USER@HOST:5432/DATABASE");
    }
    if (uri.getHost() == null) {
      throw CruddurException.of(ErrorCode.BAD_DATABASE_URL, "the database URL " + redact(url) + " has no host",
          "Write it as postgresql://USER@HOST:5432/DATABASE");
    }
    String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = Optional.of(decode(parts[0]));
      if (parts.length == 2) {
        password = Optional.of(decode(parts[1]));
      }
    }
    StringBuilder rest = new StringBuilder();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String key = pair.split("=", 2)[0];
        String value = pair.contains("=") ? decode(pair.split("=", 2)[1]) : "";
        if (key.equals("user")) {
          user = Optional.of(value);
        } else if (key.equals("password")) {
          password = Optional.of(value);
        } else if (!pair.isEmpty()) {
          rest.append(rest.length() == 0 ? "" : "&").append(pair);
        }
      }
    }
    return new Parsed(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database, user, password, rest.toString());
  }

  /** The URL with any password replaced by {@code ****}; safe to print. */
  public static String redact(String url) {
    if (url == null) {
      return "";
    }
    return url.replaceAll("(://[^:/@]*:)[^@/]*@", "$1****@").replaceAll("(?i)(password=)[^&]*", "$1****");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
