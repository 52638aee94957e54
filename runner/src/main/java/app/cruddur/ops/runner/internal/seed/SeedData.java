package app.cruddur.ops.runner.internal.seed;

import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;
import app.cruddur.ops.model.UserRef;
import app.cruddur.ops.runner.internal.pg.Users;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a seed writes, generated deterministically (ids derived from the seed, times from its
 * anchor), so that a rerun rewrites exactly the same items: no duplicates, nothing missing.
 */
public interface SeedData {
  /** A name for messages ("seeders/V004__dev_conversation.yaml", "synthetic 100 users"). */
  String name();

  /** Handles of the users it needs in PostgreSQL. */
  Set<String> handles();

  /** Users it creates itself if missing (synthetic seeds); empty for seeds of existing users. */
  List<Users.NewUser> usersToCreate();

  /** The group rows (two per group), given the users. */
  List<MessageGroupRow> groupRows(Map<String, UserRef> users);

  /** How many messages {@link #messages} yields. */
  long messageCount();

  /** The messages, generated lazily, as item attributes. */
  Iterator<Map<String, String>> messages(Map<String, UserRef> users);

  /**
   * Messages whose earlier copies at another sort key (the seed written with another anchor) are
   * deleted before the seed is written, so that a re-anchored seed replaces itself instead of
   * doubling. Empty (the default) for seeds whose times never change.
   */
  default List<Message> messagesToReplace(Map<String, UserRef> users) {
    return List.of();
  }
}
