package app.cruddur.ops.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.ExitCode;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.TestPaths;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The exit and error codes are written once, in their enums: README's table and --help come from
 * them.
 */
class ExitCodeDocsTest {
  @Test
  void readmesTableIsTheOneGeneratedFromTheEnums() throws Exception {
    String readme = Files.readString(TestPaths.projectRoot().resolve("README.md"));
    int begin = readme.indexOf(ExitCodeDocs.BEGIN);
    int end = readme.indexOf(ExitCodeDocs.END);
    assertThat(begin).as("README has the generated section's markers").isNotNegative();
    assertThat(end).isGreaterThan(begin);

    String section = readme.substring(begin + ExitCodeDocs.BEGIN.length(), end).strip();

    assertThat(section)
        .as(
            "README's exit codes: replace the section between the markers with"
                + " ExitCodeDocs.markdown()")
        .isEqualTo(ExitCodeDocs.markdown().strip());
  }

  @Test
  void helpListsEveryExitCodeWithItsMeaningFromTheEnum() {
    String help = Cli.in(TestPaths.target("cli-test-local")).run("--help").out();

    for (ExitCode code : ExitCode.values()) {
      // the list's first column is as wide as its widest code (130)
      assertThat(help)
          .containsPattern(
              "\\b"
                  + code.code()
                  + " +"
                  + java.util.regex.Pattern.quote(
                      code.label() + ": " + code.meaning().substring(0, 20)));
    }
  }

  @Test
  void everyErrorCodeNamesOneOfTheExitCodesAndNoneIsOk() {
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(code.exitCode()).as(code.name()).isNotEqualTo(ExitCode.OK);
    }
    for (ExitCode exit : ExitCode.values()) {
      if (exit != ExitCode.OK) {
        assertThat(ErrorCode.generic(exit).exitCode()).isEqualTo(exit);
      }
    }
  }
}
