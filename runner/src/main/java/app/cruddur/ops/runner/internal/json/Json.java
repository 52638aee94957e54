package app.cruddur.ops.runner.internal.json;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The runner's Jackson configuration for internal use: the API's one ({@link
 * app.cruddur.ops.runner.api.Json}).
 */
public final class Json {
  private Json() {}

  /** The shared, thread-safe mapper. */
  public static ObjectMapper mapper() {
    return app.cruddur.ops.runner.api.Json.mapper();
  }
}
