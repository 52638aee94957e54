package app.cruddur.ops.runner.internal.seed;

import app.cruddur.ops.model.AccessPatterns;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;
import app.cruddur.ops.model.UserRef;
import app.cruddur.ops.runner.internal.pg.Users;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;

/**
 * Volume for tests and benchmarks: N users, M groups, K messages, as deterministic as the dev seed
 * (ids name-based, one message a second from the anchor). Message i goes to group i mod M,
 * alternating between its two members; nothing is held in memory but the users.
 *
 * @param users how many users ({@code synth00001} ...), at least 2
 * @param groups how many groups, at least 1
 * @param messages how many messages
 * @param anchor time of message 0
 */
public record SyntheticSeed(int users, int groups, long messages, Instant anchor)
    implements SeedData {
  /** The anchor used unless told otherwise. */
  public static final Instant DEFAULT_ANCHOR = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * At most this many users: they are created in PostgreSQL in one statement and held in memory.
   */
  public static final int MAX_USERS = 100_000;

  /** At most this many groups: their rows are held in memory. */
  public static final int MAX_GROUPS = 1_000_000;

  /**
   * At most this many messages (they stream; this is about a day of writing on DynamoDB at 2,000
   * items/s).
   */
  public static final long MAX_MESSAGES = 100_000_000;

  /**
   * What is wrong with a synthetic seed of these sizes, if anything.
   *
   * @param key the size at fault ({@code users}, {@code groups}, {@code messages}), prefixed as the
   *     caller names it
   * @param text what is wrong
   */
  public record Problem(String key, String text) {}

  /**
   * The first problem with these sizes ({@code prefix} + key names them: {@code --users} or {@code
   * users}).
   */
  public static java.util.Optional<Problem> problem(
      long users, long groups, long messages, String prefix) {
    if (users < 2 || users > MAX_USERS) {
      return java.util.Optional.of(
          new Problem("users", prefix + "users must be from 2 to " + MAX_USERS + ", not " + users));
    }
    if (groups < 1 || groups > MAX_GROUPS) {
      return java.util.Optional.of(
          new Problem(
              "groups", prefix + "groups must be from 1 to " + MAX_GROUPS + ", not " + groups));
    }
    if (messages < 0 || messages > MAX_MESSAGES) {
      return java.util.Optional.of(
          new Problem(
              "messages",
              prefix + "messages must be from 0 to " + MAX_MESSAGES + ", not " + messages));
    }
    return java.util.Optional.empty();
  }

  public SyntheticSeed {
    problem(users, groups, messages, "")
        .ifPresent(
            p -> {
              throw new IllegalArgumentException(p.text());
            });
  }

  /** The handle of synthetic user {@code i}. */
  public static String handle(int i) {
    return String.format(Locale.ROOT, "synth%05d", i);
  }

  @Override
  public String name() {
    return "synthetic seed (" + users + " users, " + groups + " groups, " + messages + " messages)";
  }

  @Override
  public Set<String> handles() {
    Set<String> handles = new LinkedHashSet<>();
    for (int i = 0; i < users; i++) {
      handles.add(handle(i));
    }
    return handles;
  }

  @Override
  public List<Users.NewUser> usersToCreate() {
    List<Users.NewUser> created = new ArrayList<>(users);
    for (int i = 0; i < users; i++) {
      String handle = handle(i);
      created.add(
          new Users.NewUser(
              uuid("user:" + handle), handle, "Synthetic User " + i, handle + "@example.com"));
    }
    return created;
  }

  @Override
  public List<MessageGroupRow> groupRows(Map<String, UserRef> byHandle) {
    List<MessageGroupRow> rows = new ArrayList<>();
    for (int g = 0; g < groups && g < messages; g++) {
      long last = g + (long) groups * ((messages - 1 - g) / groups);
      Message lastMessage = message(last, byHandle);
      UserRef[] members = members(g, byHandle);
      UserRef recipient = lastMessage.sender().equals(members[0]) ? members[1] : members[0];
      AccessPatterns.NewConversation d =
          AccessPatterns.newConversation(groupUuid(g), lastMessage, recipient);
      rows.add(d.senderRow());
      rows.add(d.recipientRow());
    }
    return rows;
  }

  @Override
  public long messageCount() {
    return messages;
  }

  @Override
  public Iterator<Map<String, String>> messages(Map<String, UserRef> byHandle) {
    return new Iterator<>() {
      private long next;

      @Override
      public boolean hasNext() {
        return next < messages;
      }

      @Override
      public Map<String, String> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return message(next++, byHandle).toAttributes();
      }
    };
  }

  private Message message(long i, Map<String, UserRef> byHandle) {
    int g = (int) (i % groups);
    UserRef[] members = members(g, byHandle);
    UserRef sender = (i / groups) % 2 == 0 ? members[0] : members[1];
    return new Message(
        groupUuid(g),
        anchor.plusSeconds(i),
        uuid("message:" + i),
        "synthetic message " + i + " in group " + g,
        sender);
  }

  /** The two members of group g: distinct users, spread over everyone. */
  private UserRef[] members(int g, Map<String, UserRef> byHandle) {
    int a = g % users;
    int b = (g + 1 + g / users) % users;
    if (b == a) {
      b = (a + 1) % users;
    }
    return new UserRef[] {byHandle.get(handle(a)), byHandle.get(handle(b))};
  }

  private UUID groupUuid(int g) {
    return uuid("group:" + g);
  }

  private static UUID uuid(String name) {
    return UUID.nameUUIDFromBytes(("cruddur-synthetic:" + name).getBytes(StandardCharsets.UTF_8));
  }
}
