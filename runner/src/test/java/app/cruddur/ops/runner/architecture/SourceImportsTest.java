package app.cruddur.ops.runner.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source-level cycle check sees what bytecode does not: a constant read across packages, and a
 * name written out in full; comments and strings name nothing.
 */
class SourceImportsTest {
  @TempDir Path src;

  void write(String file, String text) throws IOException {
    Path path = src.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
  }

  @Test
  void aConstantImportedOneWayAndAFullNameTheOtherIsACycle() throws IOException {
    write(
        "x/aws/Clients.java",
        "package x.aws;\nimport x.local.Layout;\nclass Clients { String r = Layout.REGION; }\n");
    write(
        "x/local/Layout.java",
        "package x.local;\nclass Layout {\n  static final String REGION = \"us-east-1\";\n"
            + "  Object o = x.aws.Clients.class;\n}\n");

    assertThat(SourceImports.of("x", List.of(src)).cycles((a, b) -> false))
        .containsExactly("x.aws -> x.local -> x.aws");
  }

  @Test
  void commentsStringsAndTextBlocksNameNothing() throws IOException {
    write(
        "x/aws/Clients.java",
        "package x.aws;\n/** See {@link x.local.Layout}. */\nclass Clients {\n"
            + "  // x.local.Layout.REGION\n  String s = \"x.local.Layout\";\n"
            + "  String t = \"\"\"\n      x.local.Layout\n      \"\"\";\n}\n");
    write(
        "x/local/Layout.java",
        "package x.local;\nclass Layout { Object o = x.aws.Clients.class; }\n");

    SourceImports sources = SourceImports.of("x", List.of(src));

    assertThat(sources.usedBy("x.aws")).isEmpty();
    assertThat(sources.usedBy("x.local")).containsExactly("x.aws");
    assertThat(sources.cycles((a, b) -> false)).isEmpty();
  }

  @Test
  void theClassesAPackageNamesByImportFullNameOrWildcard() throws IOException {
    write(
        "x/bench/Run.java",
        "package x.bench;\nimport x.runner.Release;\nimport x.runner.internal.local.*;\n"
            + "import static x.runner.api.Json.MAPPER;\nclass Run {\n"
            + "  Object o = x.runner.internal.dynamo.BatchWriter.Result.class;\n  Run other;\n}\n");

    assertThat(SourceImports.of("x", List.of(src)).classesNamedBy("x.bench"))
        .containsExactly(
            "x.runner.Release",
            "x.runner.api.Json",
            "x.runner.internal.dynamo.BatchWriter",
            "x.runner.internal.local.*");
  }
}
