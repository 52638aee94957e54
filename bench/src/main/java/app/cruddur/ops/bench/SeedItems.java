package app.cruddur.ops.bench;

import app.cruddur.ops.functions.Items;
import app.cruddur.ops.model.UserRef;
import app.cruddur.ops.runner.internal.pg.Users;
import app.cruddur.ops.runner.internal.seed.SyntheticSeed;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of {@code cruddur ddb seed --messages K --users N --groups M} on an empty table, built
 * in memory by the runner's own generator: what the raw loop writes, so that the three variants of
 * the seed benchmark write the same items.
 */
final class SeedItems {
  private SeedItems() {}

  /** Group rows first, then the messages, as the runner writes them. */
  static List<Map<String, AttributeValue>> of(int users, int groups, long messages) {
    SyntheticSeed seed = new SyntheticSeed(users, groups, messages, SyntheticSeed.DEFAULT_ANCHOR);
    Map<String, UserRef> byHandle =
        seed.usersToCreate().stream()
            .collect(
                Collectors.toMap(
                    Users.NewUser::handle,
                    u -> new UserRef(u.uuid(), u.displayName(), u.handle())));
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    seed.groupRows(byHandle).forEach(r -> items.add(Items.toAttributeValues(r.toAttributes())));
    for (Iterator<Map<String, String>> m = seed.messages(byHandle); m.hasNext(); ) {
      items.add(Items.toAttributeValues(m.next()));
    }
    return items;
  }

  /** How many items a seed writes to an empty table: the messages and two rows per group. */
  static long count(int groups, long messages) {
    return messages + 2L * Math.min(groups, messages);
  }
}
