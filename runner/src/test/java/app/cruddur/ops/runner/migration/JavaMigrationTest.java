package app.cruddur.ops.runner.migration;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.functions.Items;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;
import app.cruddur.ops.model.UserRef;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Java extension point: an {@code ItemMigration} found with ServiceLoader and named from a step
 * file, run over the model's item types like any other change; one that is not idempotent is
 * refused on the first item; an item the model cannot read is reported and fails the step.
 */
class JavaMigrationTest extends LocalSliceTest {
  static final String FILE = "seeders/V011__java.yaml";
  List<Map<String, AttributeValue>> items;

  @BeforeEach
  void tableWithSomeNamelessSenders() throws Exception {
    try (var files = Files.list(project.file("seeders"))) {
      for (var f : files.toList()) {
        Files.delete(f);
      }
    }
    MessagesFixture.createTable(target, true);
    items = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      UserRef sender =
          new UserRef(
              MessagesFixture.uuid("user", i % 2), i % 3 == 0 ? "" : "Andrew Bayko", "bayko");
      items.add(
          Items.toAttributeValues(
              new Message(
                      MessagesFixture.uuid("group", i % 3),
                      MessagesFixture.ANCHOR.plusSeconds(60L * i),
                      MessagesFixture.uuid("message", i),
                      "message " + i,
                      sender)
                  .toAttributes()));
    }
    // a group row after its group's messages: the local stream processor (pattern E) has nothing to
    // move
    items.add(
        Items.toAttributeValues(
            new MessageGroupRow(
                    MessagesFixture.uuid("user", 0),
                    MessagesFixture.ANCHOR.plusSeconds(86_400),
                    MessagesFixture.uuid("group", 0),
                    "latest",
                    new UserRef(MessagesFixture.uuid("user", 1), "", "yaya2devops"))
                .toAttributes()));
    MessagesFixture.write(target, items);
  }

  @Test
  void aJavaMigrationChangesTheItemsOfItsTypeAndLeavesTheRest() {
    project.write(
        FILE,
        "kind: dynamodb-migration\n"
            + "select: {scan: {}}\n"
            + "change: {java: display-names-from-handles}\n");

    Cli.Result release = run("release");

    assertThat(release.exitCode()).as(release.toString()).isZero();
    assertThat(release.out()).contains("scanned 31: changed 10, already done 21");
    Map<String, Map<String, AttributeValue>> expected = new LinkedHashMap<>();
    for (Map<String, AttributeValue> item : items) {
      Map<String, AttributeValue> after = new LinkedHashMap<>(item);
      if (item.get("pk").s().startsWith("MSG#") && item.get("user_display_name").s().isEmpty()) {
        after.put("user_display_name", item.get("user_handle"));
      }
      expected.put(MessagesFixture.key(after), after);
    }
    MigrationStepTest.assertTable(
        MessagesFixture.snapshot(target),
        new java.util.TreeMap<>(expected),
        "after the Java migration");
    assertThat(run("release").out()).contains("Nothing to do");
  }

  @Test
  void aJavaMigrationThatIsNotIdempotentIsRefusedBeforeItWritesAnything() {
    project.write(FILE, "kind: dynamodb-migration\nselect: {scan: {}}\nchange: {java: exclaims}\n");
    Map<String, Map<String, AttributeValue>> before = MessagesFixture.snapshot(target);

    Cli.Result release = run("release");

    assertThat(release.exitCode()).as(release.toString()).isEqualTo(1);
    assertThat(release.errorLine())
        .startsWith(
            "error: V011 ("
                + FILE
                + ") failed: "
                + FILE
                + " line 3: the change is not idempotent: applied to {pk=MSG#")
        .contains("and applied to that it gives {")
        .contains("a resumed or rerun segment would change such items twice");
    MigrationStepTest.assertTable(
        MessagesFixture.snapshot(target), before, "after a refused migration");
  }

  @Test
  void anItemTheModelCannotReadIsReportedAndFailsTheStepAfterThePass() {
    Map<String, AttributeValue> odd = new LinkedHashMap<>(items.get(0));
    odd.put("sk", AttributeValue.fromS(odd.get("sk").s().replace("+00:00", "+00:01")));
    odd.remove("message_uuid");
    MessagesFixture.write(target, List.of(odd));
    project.write(
        FILE,
        "kind: dynamodb-migration\n"
            + "select: {scan: {}}\n"
            + "change: {java: display-names-from-handles}\n");

    Cli.Result release = run("release");

    assertThat(release.exitCode()).as(release.toString()).isEqualTo(1);
    assertThat(release.errorLine())
        .contains("1 item could not be changed")
        .contains("failed: the model cannot read it: message item has no 'message_uuid' attribute")
        .contains("the next release makes a new pass");
    assertThat(
            MessagesFixture.snapshot(target).values().stream()
                .filter(
                    i ->
                        i.containsKey("message_uuid")
                            && i.get("pk").s().startsWith("MSG#")
                            && i.get("user_display_name").s().isEmpty())
                .count())
        .as("the readable items were changed in the same pass")
        .isZero();
  }
}
