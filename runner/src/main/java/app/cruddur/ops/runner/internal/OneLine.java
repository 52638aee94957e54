package app.cruddur.ops.runner.internal;

/** Third-party messages (SDK, Liquibase, JDBC) made fit for a one-line error. */
public final class OneLine {
  private OneLine() {}

  /**
   * {@code text} with its whitespace runs (newlines included) made single spaces, cut to {@code
   * max} characters.
   */
  public static String of(String text, int max) {
    String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
    return flat.length() > max ? flat.substring(0, max) + "…" : flat;
  }
}
