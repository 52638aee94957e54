package app.cruddur.ops.vehicle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Runs the vehicle's handler once in a fresh JVM, as Lambda would, with the event given as the
 * first argument (default {@code {"command":"release"}}) and this process's environment: a way to
 * try the package outside AWS, and what the cold-start measurement times. The transcript goes to
 * stderr, the response to stdout; the exit code is the command's (1 for a failed deployment event).
 */
public final class LocalInvocation {
  private LocalInvocation() {}

  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode event = json.readTree(args.length > 0 ? args[0] : "{\"command\":\"release\"}");
    PrintStream stderr = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    ReleaseHandler handler =
        new ReleaseHandler(
            System.getenv(),
            Path.of(System.getProperty("java.io.tmpdir"), "cruddur-vehicle"),
            stderr);
    int code;
    try {
      JsonNode response = handler.handle(event);
      System.out.println(json.writeValueAsString(response));
      code = response.path("error").path("exitCode").asInt(0);
    } catch (ReleaseFailedException e) {
      System.out.println(
          json.writeValueAsString(json.createObjectNode().put("errorMessage", e.getMessage())));
      code = 1;
    }
    System.exit(code);
  }
}
