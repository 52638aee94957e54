package app.cruddur.ops.vehicle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The cold start split as SnapStart splits it, measured in one fresh JVM (the benchmark's proxy;
 * Lambda cannot run here): the init phase (the JVM's start and the handler's construction, which
 * SnapStart replaces by restoring a snapshot taken after it), the first invocation (what a restored
 * environment still pays), and a second invocation in the same JVM (the floor a snapshot primed by
 * running the release's code paths before it is taken could reach). Prints one JSON line of
 * milliseconds on stdout (the process's start to main, the handler's construction, each
 * invocation); the transcripts go to stderr. Arguments: the event (default {@code
 * {"command":"release"}}).
 */
public final class ColdStartProbe {
  private ColdStartProbe() {}

  public static void main(String[] args) throws Exception {
    long mainEntered = System.currentTimeMillis();
    // the process's start (exec, before the JVM boots), as the kernel recorded it (10 ms ticks)
    long processStarted =
        ProcessHandle.current()
            .info()
            .startInstant()
            .map(Instant::toEpochMilli)
            .orElse(ManagementFactory.getRuntimeMXBean().getStartTime());
    ObjectMapper json = new ObjectMapper();
    JsonNode event = json.readTree(args.length > 0 ? args[0] : "{\"command\":\"release\"}");

    long initStarted = System.nanoTime();
    ReleaseHandler handler =
        new ReleaseHandler(
            System.getenv(),
            Path.of(System.getProperty("java.io.tmpdir"), "cruddur-vehicle"),
            new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    long initDone = System.nanoTime();
    JsonNode first = handler.handle(event);
    long firstDone = System.nanoTime();
    JsonNode second = handler.handle(event);
    long secondDone = System.nanoTime();

    ObjectNode timings = json.createObjectNode();
    timings.put("processToMainMs", mainEntered - processStarted);
    timings.put("handlerInitMs", (initDone - initStarted) / 1_000_000.0);
    timings.put("firstInvokeMs", (firstDone - initDone) / 1_000_000.0);
    timings.put("secondInvokeMs", (secondDone - firstDone) / 1_000_000.0);
    timings.put("firstExitCode", first.path("exitCode").asInt(-1));
    timings.put("secondExitCode", second.path("exitCode").asInt(-1));
    System.out.println(json.writeValueAsString(timings));
    System.exit(
        first.path("exitCode").asInt(1) == 0 && second.path("exitCode").asInt(1) == 0 ? 0 : 1);
  }
}
