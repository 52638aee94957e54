package app.cruddur.ops.runner.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.cli.Invocation;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.TestPaths;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ddb send-message --text-file FILE} ({@code -}: stdin) for long messages: read as written,
 * one trailing newline dropped; a file that is not there is one line, exit 2. No engine.
 */
class MessageTextTest {
  @TempDir Path dir;

  final Cli cli = Cli.in(TestPaths.target("message-text-test-local"));

  String read(String file, String stdin) {
    MessageText text = new MessageText();
    text.file = file;
    return text.read(
        new Invocation(Map.of(), dir, new BufferedReader(new StringReader(stdin)), false));
  }

  @Test
  void aLongMessageComesFromItsFileOrStdinAsWritten() throws Exception {
    String paragraph = "Line one, with 'quotes' and $HOME.\n\n  indented — ünïcode\n".repeat(500);
    Files.writeString(dir.resolve("notes.md"), paragraph);

    String expected = paragraph.substring(0, paragraph.length() - 1);
    assertThat(read("notes.md", "")).isEqualTo(expected).hasSizeGreaterThan(20_000);
    assertThat(read("-", paragraph)).isEqualTo(expected);
    assertThat(read("-", "no newline at the end")).isEqualTo("no newline at the end");
    Files.writeString(dir.resolve("crlf.txt"), "hi\r\n");
    assertThat(read("crlf.txt", "")).isEqualTo("hi");
  }

  @Test
  void aFileThatIsNotThereIsOneLineAndNothingIsSent() {
    Cli.Result r =
        cli.workingDir(dir)
            .run("ddb", "send-message", "--from", "bayko", "--to", "x", "--text-file", "nope.md");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "error: --text-file nope.md: there is no such file. Pass the file that holds the"
                + " message, or --text-file - to read it from stdin\n");
  }

  @Test
  void stdinIsReadThroughTheCliAndAnEmptyMessageIsRefused() {
    Cli.Result r =
        cli.interactive("\n")
            .run("ddb", "send-message", "--from", "bayko", "--to", "x", "--text-file", "-");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "error: the message text is empty. Pass it with --text TEXT, or --text-file FILE (-"
                + " for stdin)\n");
  }

  @Test
  void textAndTextFileExcludeEachOther() {
    Cli.Result r =
        cli.run(
            "ddb", "send-message", "--from", "b", "--to", "x", "--text", "a", "--text-file", "f");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "error: --text=TEXT, --text-file=FILE are mutually exclusive (specify only one)");
  }
}
