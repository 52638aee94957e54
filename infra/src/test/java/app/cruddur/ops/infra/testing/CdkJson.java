package app.cruddur.ops.infra.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** Apps made as the CDK CLI makes them: with the context of the repository's cdk.json. */
public final class CdkJson {
  private CdkJson() {}

  /** The {@code context} block of cdk.json. */
  public static Map<String, Object> context() {
    try {
      JsonNode cdkJson = new ObjectMapper().readTree(Tools.root().resolve("cdk.json").toFile());
      return new ObjectMapper()
          .convertValue(cdkJson.path("context"), new TypeReference<TreeMap<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An app with cdk.json's context (and {@code outdir}, when not null). */
  public static App app(String outdir) {
    AppProps.Builder props = AppProps.builder().context(context());
    if (outdir != null) {
      props.outdir(outdir);
    }
    return new App(props.build());
  }
}
