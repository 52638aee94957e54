package app.cruddur.ops.runner.api;

import java.net.URI;
import java.net.URISyntaxException;
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
  public record Parsed(
      String host,
      int port,
      String database,
      Optional<String> user,
      Optional<String> password,
      String query) {
    /** The JDBC URL without credentials. */
    public String jdbcUrl() {
      return "jdbc:postgresql://"
          + host
          + ":"
          + port
          + "/"
          + database
          + (query.isEmpty() ? "" : "?" + query);
    }

    @Override
    public String toString() {
      return "postgresql://"
          + user.map(u -> u + "@").orElse("")
          + host
          + ":"
          + port
          + "/"
          + database;
    }
  }

  /**
   * Parses a URL. The user information ends at the last {@code @} before the host, so a password
   * with {@code @} in it works unencoded; one with {@code /}, {@code ?} or {@code #} must be
   * percent-encoded ({@code %2F}), as libpq requires too. Percent escapes are decoded; {@code +}
   * stays a plus.
   *
   * @throws CruddurException exit 2 naming the problem (without echoing any user information)
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
      throw CruddurException.of(
          ErrorCode.BAD_DATABASE_URL,
          "the database URL " + redactOne(url) + " is not a PostgreSQL URL",
          "Write it as postgresql://USER@HOST:5432/DATABASE (the password from PGPASSWORD or the"
              + " URL)");
    }
    String rest = text.substring("postgresql://".length());
    int authorityEnd = firstOf(rest, "/?#");
    int at = rest.lastIndexOf('@', authorityEnd - 1);
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      int colon = userInfo.indexOf(':');
      user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) {
        password = Optional.of(decode(userInfo.substring(colon + 1)));
      }
      rest = rest.substring(at + 1);
    }
    URI uri;
    try {
      uri = new URI("postgresql://" + rest);
    } catch (URISyntaxException e) {
      throw CruddurException.of(
          ErrorCode.BAD_DATABASE_URL,
          "the database URL " + redactOne(url) + " does not parse",
          "Write it as postgresql://USER@HOST:5432/DATABASE, with / ? # in the password"
              + " percent-encoded (%2F %3F %23)");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw CruddurException.of(
          ErrorCode.BAD_DATABASE_URL,
          "the database URL " + redactOne(url) + " has no host",
          "Write it as postgresql://USER@HOST:5432/DATABASE, with / ? # in the password"
              + " percent-encoded (%2F %3F %23)");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw CruddurException.of(
          ErrorCode.BAD_DATABASE_URL,
          "the database URL "
              + redactOne(url)
              + " has port "
              + uri.getPort()
              + ", not one from 1 to 65535",
          "Write it as postgresql://USER@HOST:5432/DATABASE");
    }
    String database =
        uri.getPath() == null || uri.getPath().length() <= 1
            ? "postgres"
            : uri.getPath().substring(1);
    StringBuilder query = new StringBuilder();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String key = pair.split("=", 2)[0];
        String value = pair.contains("=") ? decode(pair.split("=", 2)[1]) : "";
        if (key.equals("user")) {
          user = Optional.of(value);
        } else if (key.equals("password")) {
          password = Optional.of(value);
        } else if (!pair.isEmpty()) {
          query.append(query.length() == 0 ? "" : "&").append(pair);
        }
      }
    }
    return new Parsed(
        uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        database,
        user,
        password,
        query.toString());
  }

  /**
   * {@code text} with the user information of every URL in it ({@code scheme://...@}) removed but
   * for a user name without a password, and {@code password=} values masked; safe to print. A URL
   * runs to the next space, and its user information to its last {@code @}: a password with {@code
   * /} or {@code @} in it is masked whole.
   */
  public static String redact(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    int from = 0;
    for (int scheme = text.indexOf("://"); scheme >= 0; scheme = text.indexOf("://", from)) {
      int start = scheme + 3;
      int end = start;
      while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
        end++;
      }
      int at = text.lastIndexOf('@', end - 1);
      out.append(text, from, start);
      if (at >= start) {
        String userInfo = text.substring(start, at);
        int colon = userInfo.indexOf(':');
        out.append(
            colon < 0 && firstOf(userInfo, "/?#") == userInfo.length()
                ? userInfo
                : (colon < 0 ? "****" : userInfo.substring(0, colon) + ":****"));
        from = at;
      } else {
        from = start;
      }
    }
    out.append(text.substring(from));
    return out.toString().replaceAll("(?i)(password=)[^&\\s']*", "$1****");
  }

  /**
   * One URL as given (it may contain spaces) with its user information masked as {@link #redact}
   * does.
   */
  private static String redactOne(String url) {
    int scheme = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (scheme < 0 || at < scheme) {
      return redact(url);
    }
    String userInfo = url.substring(scheme + 3, at);
    int colon = userInfo.indexOf(':');
    boolean plainUser = colon < 0 && firstOf(userInfo, "/?# ") == userInfo.length();
    return url.substring(0, scheme + 3)
        + (plainUser ? userInfo : colon < 0 ? "****" : userInfo.substring(0, colon) + ":****")
        + redact(url.substring(at));
  }

  private static int firstOf(String s, String characters) {
    for (int i = 0; i < s.length(); i++) {
      if (characters.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return s.length();
  }

  /** Percent escapes decoded (UTF-8); anything else, {@code +} included, as written. */
  private static String decode(String s) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      if (c == '%' && isHex(s, i + 1) && isHex(s, i + 2)) {
        bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 3;
      } else {
        byte[] b = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
        i += Character.charCount(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(String s, int i) {
    return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
  }
}
