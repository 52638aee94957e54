package app.cruddur.ops.runner;

import app.cruddur.ops.runner.api.Conversation;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.MessageSent;
import app.cruddur.ops.runner.api.Progress;
import app.cruddur.ops.runner.api.ResolvedTarget;
import app.cruddur.ops.runner.api.SeedSummary;
import app.cruddur.ops.runner.api.UserConversations;
import app.cruddur.ops.runner.api.WriteOptions;
import app.cruddur.ops.runner.internal.operations.ddb.ReadConversation;
import app.cruddur.ops.runner.internal.operations.ddb.ReadUserConversations;
import app.cruddur.ops.runner.internal.operations.ddb.SeedSynthetic;
import app.cruddur.ops.runner.internal.operations.ddb.SendMessage;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The access patterns of cruddur-messaging.md on a target: A the conversation of a group, B the
 * groups of a user, C a message into an existing group, D a new group with its first message in one
 * transaction; and synthetic volume. Reads are tolerant: sort keys in any ISO-8601 form a client
 * wrote, ordered by the instant they name; an item the model cannot read is left out with a {@code
 * MALFORMED_ITEM} warning in the result. Writes are strict: canonical sort keys, nothing
 * overwritten, a key another item holds taken one microsecond later. Usable without the CLI.
 */
public final class Conversations implements AutoCloseable {
  private final Connections session;

  private Conversations(Connections session) {
    this.session = session;
  }

  /** The conversations of {@code target}. */
  public static Conversations connect(
      ResolvedTarget target,
      Map<String, String> environment,
      List<ExecutionInterceptor> interceptors) {
    return connect(target, environment, interceptors, notice -> {});
  }

  /**
   * The same, telling {@code notices} when the local environment starts (its ports) and what its
   * DynamoDB and Cognito came back with.
   */
  public static Conversations connect(
      ResolvedTarget target,
      Map<String, String> environment,
      List<ExecutionInterceptor> interceptors,
      java.util.function.Consumer<String> notices) {
    return new Conversations(new Connections(target, environment, interceptors, notices));
  }

  /**
   * A. The messages of a group, newest first, at most {@code limit}, optionally in a time window.
   *
   * @throws CruddurException exit 2 when the group has no messages at all
   */
  public Conversation conversation(
      UUID group, int limit, Optional<Instant> since, Optional<Instant> until) {
    return new ReadConversation(session, group, limit, since, until).run();
  }

  /**
   * B. The groups of the user with this handle, most recent first.
   *
   * @throws CruddurException exit 2 when PostgreSQL has no such user
   */
  public UserConversations conversationsOf(String handle) {
    return new ReadUserConversations(session, handle).run();
  }

  /**
   * C or D: sends {@code text} from one user into an existing group ({@code group}), or to another
   * user ({@code to}): into their group if they have one, else a new group written atomically with
   * the message. Nothing is written when any input is wrong.
   *
   * @throws CruddurException exit 2 for an unknown user or group, a sender outside the group, an
   *     empty or oversized text
   */
  public MessageSent send(String from, Optional<String> to, Optional<UUID> group, String text) {
    return new SendMessage(session, from, to, group, text).run();
  }

  /** Volume for tests and benchmarks: deterministic users, groups and messages, batch-written. */
  public SeedSummary seedSynthetic(
      int users, int groups, long messages, WriteOptions options, Progress progress) {
    return new SeedSynthetic(session, users, groups, messages, options, progress).run();
  }

  @Override
  public void close() {
    session.close();
  }
}
