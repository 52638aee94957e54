package app.cruddur.ops.runner.internal.stepfile;

import app.cruddur.ops.runner.api.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checksums of our own canonical form, so that drift means a change of meaning, not of bytes: line
 * endings normalized (a CRLF checkout is not drift), trailing blanks dropped, YAML compared by its
 * data (comments and layout are not drift). The algorithm is versioned in the value ({@code c1:})
 * so that a future change of canonical form can be told apart from a change of content; a Liquibase
 * upgrade cannot change it because Liquibase's own checksum is not used.
 */
public final class Checksums {
  /** The current algorithm's prefix. */
  public static final String ALGORITHM = "c1";

  private Checksums() {}

  /** {@code c1:<sha256 hex>} of already canonical text. */
  public static String of(String canonical) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return ALGORITHM
          + ":"
          + HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Text in canonical form: no BOM, LF line endings, no trailing blanks, no trailing empty lines.
   */
  public static String canonicalText(String text) {
    String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
    t = t.replace("\r\n", "\n").replace('\r', '\n');
    StringBuilder out = new StringBuilder(t.length());
    for (String line : t.split("\n", -1)) {
      out.append(line.stripTrailing()).append('\n');
    }
    String result = out.toString();
    int end = result.length();
    while (end > 0 && result.charAt(end - 1) == '\n') {
      end--;
    }
    return result.substring(0, end);
  }

  /** Canonical form of parsed data (maps with sorted keys), as compact JSON. */
  public static String canonicalData(Object data) {
    try {
      return Json.mapper()
          .copy()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot canonicalize step data: " + e.getOriginalMessage(), e);
    }
  }
}
