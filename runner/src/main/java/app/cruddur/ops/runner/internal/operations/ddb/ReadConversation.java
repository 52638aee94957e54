package app.cruddur.ops.runner.internal.operations.ddb;

import app.cruddur.ops.model.Message;
import app.cruddur.ops.runner.api.Conversation;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.operations.Warnings;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code cruddur ddb get-conversation GROUP}, pattern A: the messages of a group, newest first, at
 * most a limit, optionally in a time window; sort keys in any ISO-8601 form, ordered by the instant
 * they name. A group with no messages at all (readable or not) is an unknown group.
 */
public record ReadConversation(
    Connections session, UUID group, int limit, Optional<Instant> since, Optional<Instant> until)
    implements Operation<Conversation> {
  @Override
  public Conversation run() {
    if (limit < 1) {
      throw CruddurException.of(
          ErrorCode.USAGE,
          "--limit must be at least 1, not " + limit,
          "Pass how many messages to show");
    }
    Warnings warnings = new Warnings();
    MessagesTableReads reads = new MessagesTableReads(session, warnings);
    List<Message> messages = reads.conversation(group, limit, since, until);
    if (messages.isEmpty() && since.isEmpty() && until.isEmpty() && warnings.list().isEmpty()) {
      throw CruddurException.of(
          ErrorCode.UNKNOWN_GROUP,
          "group "
              + group
              + " has no messages in "
              + reads.table()
              + " on "
              + session.target().describe(),
          "Check the group uuid (`cruddur ddb list-conversations HANDLE` lists a user's groups)");
    }
    return new Conversation(group, messages, warnings.list());
  }
}
