package app.cruddur.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The course's loop (bench/course/seed.py) must write exactly the items of the runner's synthetic
 * seed, or the seed benchmark compares different work. Its --dump mode prints them without sending.
 */
class CourseReplicaTest {
  private static final Path SCRIPT = Path.of("course/seed.py"); // Surefire runs in bench/

  @ParameterizedTest
  @CsvSource({"3, 2, 7", "20, 10, 25", "5, 9, 4", "2, 1, 0"})
  void writesTheSameItemsAsTheRunnersSyntheticSeed(int users, int groups, long messages)
      throws Exception {
    List<Map<String, String>> python = dump(users, groups, messages);
    List<Map<String, String>> java =
        SeedItems.of(users, groups, messages).stream()
            .map(
                item -> {
                  Map<String, String> plain = new TreeMap<>();
                  item.forEach((k, v) -> plain.put(k, v.s()));
                  return (Map<String, String>) plain;
                })
            .toList();
    assertThat(python).hasSize((int) SeedItems.count(groups, messages));
    assertThat(python).containsExactlyElementsOf(java);
  }

  private static List<Map<String, String>> dump(int users, int groups, long messages)
      throws IOException, InterruptedException {
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "python3",
                  SCRIPT.toString(),
                  "--dump",
                  "--users",
                  Integer.toString(users),
                  "--groups",
                  Integer.toString(groups),
                  "--messages",
                  Long.toString(messages))
              .redirectErrorStream(true)
              .start();
    } catch (IOException noPython) {
      assumeTrue(false, "python3 is not installed");
      throw noPython;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    ObjectMapper json = new ObjectMapper();
    return out.lines()
        .filter(l -> !l.isBlank())
        .map(
            l -> {
              try {
                return json.readValue(l, new TypeReference<Map<String, String>>() {});
              } catch (IOException e) {
                throw new IllegalStateException(l, e);
              }
            })
        .toList();
  }
}
