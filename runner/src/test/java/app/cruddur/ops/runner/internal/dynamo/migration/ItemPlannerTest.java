package app.cruddur.ops.runner.internal.dynamo.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a step file's change plans for an item: a move, an update, nothing, a failure; and
 * idempotency.
 */
class ItemPlannerTest {
  static Map<String, AttributeValue> item(String sk, String handle) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", AttributeValue.fromS("MSG#g"));
    item.put("sk", AttributeValue.fromS(sk));
    item.put("user_handle", AttributeValue.fromS(handle));
    item.put("legacy", AttributeValue.fromS("x"));
    return item;
  }

  static ItemPlanner planner(
      String when, Map<String, String> move, Map<String, String> set, List<String> remove) {
    Map<String, Expression> key = new LinkedHashMap<>();
    move.forEach((k, v) -> key.put(k, ExpressionParser.parse(v)));
    Map<String, Expression> sets = new LinkedHashMap<>();
    set.forEach((k, v) -> sets.put(k, ExpressionParser.parse(v)));
    return new ExpressionPlanner(
        Optional.ofNullable(when).map(ExpressionParser::parse),
        new MigrationSpec.Rewrite(key, sets, remove));
  }

  @Test
  void aNewSortKeyIsAMoveOfTheWholeItem() {
    ItemPlan plan =
        planner(null, Map.of("sk", "canonical_timestamp(sk)"), Map.of(), List.of())
            .checkedPlan(item("2026-12-01T07:50:48.348274", "bayko"));
    assertThat(plan)
        .isInstanceOfSatisfying(
            ItemPlan.Move.class,
            m -> {
              assertThat(m.after().get("sk").s()).isEqualTo("2026-12-01T07:50:48.348274+00:00");
              assertThat(m.after()).containsEntry("legacy", AttributeValue.fromS("x"));
            });
  }

  @Test
  void anItemAlreadyInTheNewFormIsUnchangedAndOneOutsideWhenIsSkipped() {
    ItemPlanner p =
        planner(
            "begins_with(pk, 'MSG#')",
            Map.of("sk", "canonical_timestamp(sk)"),
            Map.of(),
            List.of());
    assertThat(p.plan(item("2026-12-01T07:50:48.348274+00:00", "bayko")))
        .isInstanceOf(ItemPlan.Unchanged.class);
    Map<String, AttributeValue> group = item("2026-12-01T07:50:48.348274", "bayko");
    group.put("pk", AttributeValue.fromS("GRP#u"));
    assertThat(p.plan(group)).isInstanceOf(ItemPlan.Skip.class);
  }

  @Test
  void setAndRemoveAreAnUpdateGuardedOnWhatTheyReadAndWrite() {
    ItemPlan plan =
        planner(
                "exists(user_handle)",
                Map.of(),
                Map.of("user_handle", "lower(user_handle)"),
                List.of("legacy", "absent"))
            .checkedPlan(item("2026-12-01T07:50:48.348274+00:00", "Bayko"));
    assertThat(plan)
        .isInstanceOfSatisfying(
            ItemPlan.Update.class,
            u -> {
              assertThat(u.set())
                  .containsExactly(Map.entry("user_handle", AttributeValue.fromS("bayko")));
              assertThat(u.remove()).containsExactly("legacy");
              assertThat(u.guarded()).containsExactlyInAnyOrder("user_handle", "legacy", "absent");
            });
  }

  @Test
  void aValueThatCannotBeComputedFailsThatItemOnly() {
    ItemPlan plan =
        planner(null, Map.of("sk", "canonical_timestamp(sk)"), Map.of(), List.of())
            .checkedPlan(item("yesterday", "bayko"));
    assertThat(plan)
        .isInstanceOfSatisfying(
            ItemPlan.Failed.class,
            f -> assertThat(f.reason()).isEqualTo("'yesterday' is not an ISO-8601 timestamp"));
    ItemPlan absent =
        planner(null, Map.of("sk", "after(sk, '#')"), Map.of(), List.of())
            .checkedPlan(item("2026", "bayko"));
    assertThat(absent)
        .isInstanceOfSatisfying(
            ItemPlan.Failed.class,
            f -> assertThat(f.reason()).isEqualTo("its new sk (after(sk, '#')) is absent"));
  }

  @Test
  void aChangeThatChangesItsOwnResultAgainIsRefused() {
    ItemPlanner p =
        planner(null, Map.of(), Map.of("user_handle", "concat(user_handle, '!')"), List.of());
    assertThatThrownBy(() -> p.checkedPlan(item("2026-12-01T07:50:48.348274+00:00", "bayko")))
        .isInstanceOf(ItemPlanner.NotIdempotentException.class)
        .hasMessageContaining("user_handle=bayko!}, and applied to that it gives {")
        .hasMessageContaining("user_handle=bayko!!");
    ItemPlanner guarded =
        planner(
            "not(exists(nickname))",
            Map.of(),
            Map.of("nickname", "concat(user_handle, '!')"),
            List.of());
    assertThat(guarded.checkedPlan(item("2026-12-01T07:50:48.348274+00:00", "bayko")))
        .isInstanceOf(ItemPlan.Update.class);
  }
}
