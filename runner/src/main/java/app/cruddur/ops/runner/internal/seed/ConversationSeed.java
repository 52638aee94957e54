package app.cruddur.ops.runner.internal.seed;

import app.cruddur.ops.model.AccessPatterns;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;
import app.cruddur.ops.model.UserRef;
import app.cruddur.ops.runner.internal.pg.Users;
import app.cruddur.ops.runner.internal.stepfile.StepFileException;
import app.cruddur.ops.runner.internal.stepfile.YamlMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A written conversation between two users, as in the course's dev seed: lines {@code <speaker>:
 * <text>}, speakers declared in the file (prefix → handle), one message a {@code interval} apart.
 * Ids are name-based on the group and line.
 *
 * <p>Its times come from its {@code anchor}: a fixed ISO-8601 time of the first line, or {@value
 * #FIRST_APPLICATION}: the conversation ends at the time the step was first applied on the target
 * (recorded in the ledger, so every rerun writes the same items) and starts no earlier than the
 * first of January of that year (UTC), so that a client listing the current year's items (the
 * Cruddur app: {@code begins_with(sk, year)}) sees all of it. A new ledger (a {@code local reset})
 * anchors it anew.
 *
 * @param name the seed file, for messages
 * @param group the message group
 * @param anchor when the conversation is
 * @param interval time between lines
 * @param speakers prefix → handle, in declaration order (exactly two)
 * @param lines the conversation
 */
public record ConversationSeed(
    String name,
    UUID group,
    Anchor anchor,
    Duration interval,
    Map<String, String> speakers,
    List<Line> lines)
    implements SeedData {
  /** The anchor that ends the conversation at the step's first application. */
  public static final String FIRST_APPLICATION = "first-application";

  /** When a conversation is. */
  public sealed interface Anchor permits FirstLineAt, AtFirstApplication {}

  /**
   * The first line is at a fixed time.
   *
   * @param time the first line's time
   */
  public record FirstLineAt(Instant time) implements Anchor {}

  /** The conversation ends at the step's first application on the target. */
  public record AtFirstApplication() implements Anchor {}

  /**
   * One line of the conversation.
   *
   * @param handle who says it
   * @param text what is said
   */
  public record Line(String handle, String text) {}

  /** Reads a conversation seed's keys, naming the line of any problem. */
  public static ConversationSeed parse(YamlMap body, String file) {
    UUID group = uuid(body, "group");
    Anchor anchor = anchor(body);
    Duration interval = Duration.ofSeconds(body.optionalPositiveInt("interval_seconds").orElse(60));
    Map<String, String> speakers = new LinkedHashMap<>();
    YamlMap declared =
        body.optionalMap("speakers")
            .orElseThrow(
                () ->
                    body.error(
                        "speakers",
                        "'speakers' is missing: declare each line prefix and its handle, e.g."
                            + " speakers: {Person 1: yaya2devops}"));
    for (String prefix : declaredKeys(declared)) {
      speakers.put(prefix, declared.string(prefix));
    }
    if (speakers.size() != 2) {
      throw body.error(
          "speakers",
          "a conversation has exactly two speakers, this one declares " + speakers.size());
    }
    if (new LinkedHashSet<>(speakers.values()).size() != 2) {
      throw body.error("speakers", "the two speakers must be two different users");
    }
    Node text =
        body.node("conversation")
            .orElseThrow(() -> body.error("conversation", "'conversation' is missing"));
    if (!(text instanceof ScalarNode scalar)) {
      throw body.error(
          text,
          "'conversation' is a block of lines: 'conversation: |' followed by '<speaker>: <text>'"
              + " lines");
    }
    boolean block =
        scalar.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.LITERAL
            || scalar.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.FOLDED;
    int firstLine = YamlMap.line(scalar) + (block ? 1 : 0);
    List<Line> lines = new ArrayList<>();
    String[] raw = scalar.getValue().split("\n", -1);
    for (int i = 0; i < raw.length; i++) {
      String line = raw[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      String prefix = colon < 0 ? "" : line.substring(0, colon).strip();
      String handle = speakers.get(prefix);
      if (handle == null) {
        throw new StepFileException(
            file,
            firstLine + i,
            "the line does not start with a declared speaker ("
                + String.join(", ", speakers.keySet())
                + "): '"
                + abbreviate(line)
                + "'",
            "Start it with one of them followed by ':', or declare its speaker under 'speakers'");
      }
      String said = line.substring(colon + 1).strip();
      if (said.isEmpty()) {
        throw new StepFileException(
            file, firstLine + i, "the line has no text after '" + prefix + ":'", null);
      }
      lines.add(new Line(handle, said));
    }
    if (lines.isEmpty()) {
      throw body.error("conversation", "the conversation has no lines");
    }
    return new ConversationSeed(file, group, anchor, interval, speakers, lines);
  }

  /**
   * True when the anchor depends on the step's first application ({@link #anchoredAt} resolves it).
   */
  public boolean anchoredOnFirstApplication() {
    return anchor instanceof AtFirstApplication;
  }

  /**
   * This seed with its times fixed: for an anchor of {@value #FIRST_APPLICATION}, the last line at
   * {@code firstApplication} (to the second) and the first no earlier than that year's start; a
   * fixed anchor stays as it is.
   */
  public ConversationSeed anchoredAt(Instant firstApplication) {
    if (anchor instanceof FirstLineAt) {
      return this;
    }
    Instant end = firstApplication.truncatedTo(ChronoUnit.SECONDS);
    Instant start = end.minus(interval.multipliedBy(lines.size() - 1L));
    Instant yearStart =
        Year.from(end.atOffset(ZoneOffset.UTC)).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    return new ConversationSeed(
        name,
        group,
        new FirstLineAt(start.isBefore(yearStart) ? yearStart : start),
        interval,
        speakers,
        lines);
  }

  /** The time of the first line. */
  public Instant firstLineAt() {
    if (anchor instanceof FirstLineAt at) {
      return at.time();
    }
    throw new IllegalStateException(
        name + " is anchored on its first application: resolve it with anchoredAt first");
  }

  @Override
  public List<Message> messagesToReplace(Map<String, UserRef> users) {
    List<Message> all = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      all.add(message(i, users));
    }
    return all;
  }

  @Override
  public Set<String> handles() {
    return new LinkedHashSet<>(speakers.values());
  }

  @Override
  public List<Users.NewUser> usersToCreate() {
    return List.of();
  }

  @Override
  public List<MessageGroupRow> groupRows(Map<String, UserRef> users) {
    Message last = message(lines.size() - 1, users);
    List<String> handles = new ArrayList<>(speakers.values());
    UserRef other =
        users.get(handles.get(0).equals(last.sender().handle()) ? handles.get(1) : handles.get(0));
    AccessPatterns.NewConversation rows = AccessPatterns.newConversation(group, last, other);
    return List.of(rows.senderRow(), rows.recipientRow());
  }

  @Override
  public long messageCount() {
    return lines.size();
  }

  @Override
  public Iterator<Map<String, String>> messages(Map<String, UserRef> users) {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < lines.size();
      }

      @Override
      public Map<String, String> next() {
        return message(next++, users).toAttributes();
      }
    };
  }

  private Message message(int index, Map<String, UserRef> users) {
    Line line = lines.get(index);
    UUID id =
        UUID.nameUUIDFromBytes(
            ("cruddur-seed:" + group + ":" + index).getBytes(StandardCharsets.UTF_8));
    return new Message(
        group,
        firstLineAt().plus(interval.multipliedBy(index)),
        id,
        line.text(),
        users.get(line.handle()));
  }

  private static List<String> declaredKeys(YamlMap map) {
    List<String> keys = new ArrayList<>();
    map.keys().forEach(keys::add);
    return keys;
  }

  private static UUID uuid(YamlMap body, String key) {
    String text = body.string(key);
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw body.error(key, "'" + key + "' must be a UUID, not '" + text + "'");
    }
  }

  private static Anchor anchor(YamlMap body) {
    String text = body.string("anchor");
    if (FIRST_APPLICATION.equals(text)) {
      return new AtFirstApplication();
    }
    try {
      return new FirstLineAt(app.cruddur.ops.model.IsoTimestamps.parse(text));
    } catch (IllegalArgumentException e) {
      throw body.error(
          "anchor",
          "'anchor' must be "
              + FIRST_APPLICATION
              + " or the ISO-8601 time of the first line, e.g."
              + " 2026-11-01T10:00:00Z, not '"
              + text
              + "'");
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
