package app.cruddur.ops.runner.app;

import app.cruddur.ops.runner.api.DatabaseUrls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the Cruddur app's statements ({@link AppStatements}) the way its {@code lib/db.py} does: the
 * same wrapping of a template into one JSON value, the same named {@code %(name)s} parameters, sent
 * untyped as psycopg sends Python strings, so that PostgreSQL casts them to the column's type.
 */
final class AppSql implements AutoCloseable {
  private static final Pattern PARAMETER = Pattern.compile("%\\((\\w+)\\)s");
  private final Connection connection;

  private AppSql(Connection connection) {
    this.connection = connection;
  }

  /** A connection to {@code postgresql://…} as the app's pool opens it. */
  static AppSql connect(String connectionUrl) throws SQLException {
    DatabaseUrls.Parsed url = DatabaseUrls.parse(connectionUrl);
    Properties p = new Properties();
    url.user().ifPresent(u -> p.setProperty("user", u));
    url.password().ifPresent(pw -> p.setProperty("password", pw));
    p.setProperty("stringtype", "unspecified");
    return new AppSql(DriverManager.getConnection(url.jdbcUrl(), p));
  }

  /** {@code psql $CONNECTION_URL < file}: every statement of a script (bin/db/seed). */
  void script(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * {@code db.query_object_json(template, params)}: one row as a JSON object ({@code {}} when
   * none).
   */
  String objectJson(String template, Map<String, Object> params) throws SQLException {
    return value(
        "(SELECT COALESCE(row_to_json(object_row),'{}'::json) FROM (\n"
            + template
            + "\n) object_row);",
        params);
  }

  /** {@code db.query_array_json(template, params)}: the rows as a JSON array. */
  String arrayJson(String template, Map<String, Object> params) throws SQLException {
    return value(
        "(SELECT COALESCE(array_to_json(array_agg(row_to_json(array_row))),'[]'::json) FROM (\n"
            + template
            + "\n) array_row);",
        params);
  }

  /**
   * {@code db.query_value(sql, params)} and {@code db.query_commit} with RETURNING: the first
   * column of the first row.
   */
  String value(String sql, Map<String, Object> params) throws SQLException {
    List<String> names = new ArrayList<>();
    Matcher m = PARAMETER.matcher(sql);
    StringBuilder jdbc = new StringBuilder();
    while (m.find()) {
      names.add(m.group(1));
      m.appendReplacement(jdbc, "?");
    }
    m.appendTail(jdbc);
    try (PreparedStatement s = connection.prepareStatement(jdbc.toString())) {
      for (int i = 0; i < names.size(); i++) {
        if (!params.containsKey(names.get(i))) {
          throw new IllegalArgumentException("no value for %(" + names.get(i) + ")s");
        }
        s.setObject(i + 1, params.get(names.get(i)));
      }
      boolean rows = s.execute();
      if (!rows) {
        return null;
      }
      try (ResultSet rs = s.getResultSet()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
