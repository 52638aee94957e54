package app.cruddur.ops.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.api.LocalVariables;
import app.cruddur.ops.runner.api.Warning;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How {@code local env} prints: export lines for a shell, a {@code .env} file, or the envelope;
 * values quoted where they must be.
 */
class LocalVariablesViewTest {
  static final Warning NO_POOL =
      new Warning("NO_USER_POOL_YET", "there is no user pool cruddur-user-pool yet");

  record Printed(int code, String out, String err) {}

  static LocalVariables variables(LocalVariables.Format format) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("AWS_ENDPOINT_URL", "http://127.0.0.1:8000");
    values.put("ODD", "it's \"quoted\" \\ here");
    Map<String, String> readBy =
        Map.of("AWS_ENDPOINT_URL", "the app's Ddb.client()", "ODD", "nobody");
    return new LocalVariables(values, readBy, format, List.of(NO_POOL));
  }

  static Printed render(LocalVariables vars, OutputFormat format) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new Renderer(
                new Output(new PrintWriter(out), new PrintWriter(err), format, false, false, false))
            .render("local env", Optional.of("local"), vars);
    return new Printed(code, out.toString(), err.toString());
  }

  @Test
  void theShellFormIsExportLinesAnEvalReadsBack() {
    Printed p = render(variables(LocalVariables.Format.SHELL), OutputFormat.table);

    assertThat(p.code()).isZero();
    assertThat(p.out().lines())
        .containsExactly(
            "export AWS_ENDPOINT_URL=http://127.0.0.1:8000",
            "export ODD='it'\\''s \"quoted\" \\ here'");
    assertThat(p.err()).contains("warning: there is no user pool cruddur-user-pool yet");
  }

  @Test
  void theDotenvFormPutsEachVariableUnderWhoReadsIt() {
    Printed p = render(variables(LocalVariables.Format.DOTENV), OutputFormat.table);

    assertThat(p.out().lines())
        .containsExactly(
            "# cruddur local env --format dotenv: the local environment for the Cruddur app",
            "# the app's Ddb.client()",
            "AWS_ENDPOINT_URL=http://127.0.0.1:8000",
            "# nobody",
            "ODD=\"it's \\\"quoted\\\" \\\\ here\"");
  }

  @Test
  void theJsonEnvelopeHoldsTheValuesWhoReadsThemAndTheWarning() throws Exception {
    Printed p = render(variables(LocalVariables.Format.SHELL), OutputFormat.json);

    JsonNode doc = new ObjectMapper().readTree(p.out());
    assertThat(doc.get("result").get("variables").get("AWS_ENDPOINT_URL").asText())
        .isEqualTo("http://127.0.0.1:8000");
    assertThat(doc.get("result").get("readBy").get("ODD").asText()).isEqualTo("nobody");
    assertThat(doc.get("warnings"))
        .singleElement()
        .satisfies(w -> assertThat(w.get("code").asText()).isEqualTo("NO_USER_POOL_YET"));
  }
}
