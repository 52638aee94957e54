package app.cruddur.ops.runner.cli;

/** {@code --output}: a human table, or one JSON document on stdout. */
public enum OutputFormat {
  table,
  json
}
