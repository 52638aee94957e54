package app.cruddur.ops.runner.migration;

import app.cruddur.ops.runner.testing.TestPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The three shapes of migration the issue asks for, each with its step file, its starting items and
 * what each item must look like after it, computed here independently of the engine.
 */
enum MigrationCase {
  /** Set and remove attributes in place: handles lower-cased, a legacy attribute dropped. */
  SET_ATTRIBUTE(
      "V011__lower_case_handles.yaml",
      """
      kind: dynamodb-migration
      description: Handles in lower case, legacy avatars gone
      select:
        scan: {segments: SEGMENTS, page_size: PAGE}
        when: "begins_with(pk, 'MSG#')"
      change:
        set:
          user_handle: "lower(user_handle)"
        remove: [legacy_avatar]
      BUDGET
      """,
      true) {
    @Override
    Map<String, AttributeValue> expected(Map<String, AttributeValue> item) {
      if (!item.get("pk").s().startsWith("MSG#")) {
        return item;
      }
      Map<String, AttributeValue> after = new LinkedHashMap<>(item);
      after.put(
          "user_handle",
          AttributeValue.fromS(item.get("user_handle").s().toLowerCase(Locale.ROOT)));
      after.remove("legacy_avatar");
      return after;
    }
  },
  /** A re-key: the project's own sort-key normalization, seeders/V010, on app-written keys. */
  RE_KEY("V010__canonical_sort_keys.yaml", null, true) {
    @Override
    Map<String, AttributeValue> expected(Map<String, AttributeValue> item) {
      // java.time directly, not the model's IsoTimestamps the step uses: an independent statement
      // of the canonical form
      String sk = item.get("sk").s();
      java.time.Instant at;
      try {
        at = java.time.OffsetDateTime.parse(sk).toInstant();
      } catch (java.time.format.DateTimeParseException noOffset) {
        at = java.time.LocalDateTime.parse(sk).toInstant(java.time.ZoneOffset.UTC);
      }
      Map<String, AttributeValue> after = new LinkedHashMap<>(item);
      after.put(
          "sk",
          AttributeValue.fromS(
              java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'")
                  .format(at.atOffset(java.time.ZoneOffset.UTC))));
      return after;
    }

    @Override
    String stepFile(int segments, int pageSize, String budget) {
      String file = repositoryFile();
      return file.replace(
              "  scan: {}", "  scan: {segments: " + segments + ", page_size: " + pageSize + "}")
          + (budget.isEmpty() ? "" : budget + "\n");
    }
  },
  /**
   * An index fill: the model's GSI created on a table that predates it, and its key attribute
   * filled.
   */
  INDEX_FILL(
      "V011__group_index.yaml",
      """
      kind: dynamodb-migration
      description: Group rows in the message-group index
      index: message-group-sk-index
      select:
        scan: {segments: SEGMENTS, page_size: PAGE}
        when: "begins_with(pk, 'GRP#')"
      change:
        set:
          message_group_uuid: "coalesce(message_group_uuid, group_uuid)"
        remove: [group_uuid]
      BUDGET
      """,
      false) {
    @Override
    Map<String, AttributeValue> expected(Map<String, AttributeValue> item) {
      if (!item.get("pk").s().startsWith("GRP#")) {
        return item;
      }
      Map<String, AttributeValue> after = new LinkedHashMap<>(item);
      after.put("message_group_uuid", item.get("group_uuid"));
      after.remove("group_uuid");
      return after;
    }
  };

  final String fileName;
  private final String template;
  final boolean tableHasIndex;

  MigrationCase(String fileName, String template, boolean tableHasIndex) {
    this.fileName = fileName;
    this.template = template;
    this.tableHasIndex = tableHasIndex;
  }

  /** What {@code item} must be after the migration. */
  abstract Map<String, AttributeValue> expected(Map<String, AttributeValue> item);

  /** The step file, with its scan segments, page size and budget line ("" for the default). */
  String stepFile(int segments, int pageSize, String budget) {
    return template
        .replace("SEGMENTS", Integer.toString(segments))
        .replace("PAGE", Integer.toString(pageSize))
        .replace("BUDGET", budget);
  }

  /**
   * The starting items: messages over groups, with group rows an old client wrote for the index
   * case.
   */
  List<Map<String, AttributeValue>> items(int messages, int groups) {
    return MessagesFixture.items(messages, groups, this == INDEX_FILL);
  }

  /** The table as it must be after the migration. */
  Map<String, Map<String, AttributeValue>> expectedTable(List<Map<String, AttributeValue>> items) {
    return MessagesFixture.byKey(items.stream().map(this::expected).toList());
  }

  /** How many of {@code items} the migration changes. */
  long changes(List<Map<String, AttributeValue>> items) {
    return items.stream().filter(i -> !expected(i).equals(i)).count();
  }

  static String repositoryFile() {
    try {
      return Files.readString(
          TestPaths.projectRoot().resolve("seeders/V010__canonical_sort_keys.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
