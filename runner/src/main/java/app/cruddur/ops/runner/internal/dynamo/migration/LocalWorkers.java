package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.runner.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * {@code --workers N}: N worker processes on this machine, each the runner's JVM running one {@link
 * MigrationWorker} against the same endpoint, control table and run — the way the Lambdas of the
 * release workflow share them — started with an empty environment (hermetic: the local engine's
 * keys are fixed) and waited for, the run's progress read from the control table meanwhile.
 */
final class LocalWorkers {
  /**
   * What one worker process said when it ended.
   *
   * @param exitCode its exit code (137 when killed with SIGKILL)
   * @param outcome its outcome (a JSON line on stdout), if it finished its part
   * @param lastError the last line it wrote to stderr
   */
  record Ended(int exitCode, Optional<JsonNode> outcome, String lastError) {}

  private LocalWorkers() {}

  /**
   * Runs {@code workers} workers of run {@code run} and waits for them all, reporting the items the
   * run has done every second to {@code progress}.
   */
  static List<Ended> run(
      Distribution distribution,
      int workers,
      Path projectDir,
      String step,
      URI endpoint,
      ControlTable control,
      UUID run,
      boolean serialTransactions,
      int threadsEach,
      LongConsumer progress)
      throws InterruptedException {
    Path logs;
    try {
      logs = Files.createTempDirectory("cruddur-workers-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Process> processes = new ArrayList<>();
    try {
      for (int w = 1; w <= workers; w++) {
        List<String> command = new ArrayList<>(distribution.workerCommand());
        command.addAll(
            List.of(
                "--project", projectDir.toString(),
                "--step", step,
                "--endpoint", endpoint.toString(),
                "--control-table", control.name(),
                "--run", run.toString(),
                "--worker", Integer.toString(w),
                "--workers", Integer.toString(workers),
                "--lease-millis", Long.toString(distribution.lease().toMillis()),
                "--threads", Integer.toString(threadsEach)));
        if (serialTransactions) {
          command.add("--one-transaction-at-a-time");
        }
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .redirectOutput(logs.resolve("worker-" + w + ".out").toFile())
                .redirectError(logs.resolve("worker-" + w + ".err").toFile());
        builder.environment().clear();
        processes.add(builder.start());
      }
      while (processes.stream().anyMatch(Process::isAlive)) {
        // a wait on the processes, its timeout the progress tick
        processes.get(0).waitFor(1, TimeUnit.SECONDS);
        for (Process p : processes) {
          if (p.isAlive()) {
            p.waitFor(100, TimeUnit.MILLISECONDS);
          }
        }
        control.run(run).ifPresent(r -> progress.accept(r.counts().scanned()));
      }
      List<Ended> ended = new ArrayList<>();
      for (int w = 1; w <= workers; w++) {
        ended.add(
            new Ended(
                processes.get(w - 1).exitValue(),
                lastLine(logs.resolve("worker-" + w + ".out")).map(LocalWorkers::json),
                lastLine(logs.resolve("worker-" + w + ".err")).orElse("")));
      }
      return ended;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a migration worker process", e);
    } finally {
      processes.forEach(Process::destroyForcibly);
      deleteQuietly(logs);
    }
  }

  private static Optional<String> lastLine(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          return Optional.of(lines.get(i).strip());
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static JsonNode json(String line) {
    try {
      return Json.mapper().readTree(line);
    } catch (IOException e) {
      return Json.mapper().createObjectNode();
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }
}
