package app.cruddur.ops.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Tables fit the terminal: the widest columns are cut, never a row wrapped. */
class OutputTableTest {
  static final List<String> HEADERS = List.of("VERSION", "STATE", "CHECKSUM", "DESCRIPTION");
  static final List<List<String>> ROWS =
      List.of(
          List.of(
              "V001",
              "applied",
              "c1:0f3a9b7c2d1e4f5a6b7c8d9e0f1a2b3c",
              "Schema: users, activities, the dev users and their placeholder trigger"),
          List.of("V002", "pending", "c1:77aa", "Messages table"));

  static String table(OptionalInt width) {
    StringWriter text = new StringWriter();
    PrintWriter w = new PrintWriter(text, true);
    new Output(w, w, OutputFormat.table, false, false, false)
        .fitTo(() -> width)
        .table(HEADERS, ROWS);
    return text.toString();
  }

  @Test
  void aTableFitsATerminalOfEightyColumnsByCuttingItsWidestColumns() {
    List<String> lines = table(OptionalInt.of(80)).lines().toList();

    assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    assertThat(lines.get(1)).startsWith("V001     applied  c1:0f3a9b7c2d1e4f5").contains("…");
    assertThat(lines.get(2)).endsWith("Messages table");
  }

  @Test
  void offATerminalEveryCharacterIsPrinted() {
    assertThat(table(OptionalInt.empty()))
        .contains("c1:0f3a9b7c2d1e4f5a6b7c8d9e0f1a2b3c")
        .contains("their placeholder trigger");
  }

  @Test
  void aTerminalTooNarrowForTheHeadersKeepsThem() {
    assertThat(table(OptionalInt.of(20)).lines().findFirst().orElseThrow())
        .isEqualTo("VERSION  STATE   CHECKSUM  DESCRIPTION");
  }
}
