package app.cruddur.ops.runner.internal.operations.ddb;

import app.cruddur.ops.model.AccessPatterns;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;
import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.model.UserRef;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.MessageSent;
import app.cruddur.ops.runner.internal.dynamo.MessageWrites;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.operations.Warnings;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code cruddur ddb send-message}, pattern C or D: a message from one user into an existing group,
 * or to another user: into their group if they have one, else a new group written atomically with
 * the message. Nothing is written when any input is wrong, nothing is overwritten, and a sort key
 * another item holds is taken one microsecond later ({@link MessageWrites}).
 */
public record SendMessage(
    Connections session, String from, Optional<String> to, Optional<UUID> group, String text)
    implements Operation<MessageSent> {
  @Override
  public MessageSent run() {
    if (text == null || text.isBlank()) {
      throw CruddurException.of(
          ErrorCode.USAGE,
          "the message text is empty",
          "Pass it with --text TEXT, or --text-file FILE (- for stdin)");
    }
    if (to.isPresent() == group.isPresent()) {
      throw CruddurException.of(
          ErrorCode.CONFLICTING_OPTIONS,
          "say where the message goes",
          "Pass either --to HANDLE or --group UUID");
    }
    Warnings warnings = new Warnings();
    MessagesTableReads reads = new MessagesTableReads(session, warnings);
    UserRef sender = reads.user(from);
    if (to.isPresent()) {
      UserRef recipient = reads.user(to.get());
      if (recipient.equals(sender)) {
        throw CruddurException.of(
            ErrorCode.USAGE, "a message to oneself has no group", "Pass another --to handle");
      }
      Optional<MessageGroupRow> existing =
          reads.groupsOf(sender.uuid(), from).stream()
              .filter(r -> r.other().uuid().equals(recipient.uuid()))
              .findFirst();
      if (existing.isPresent()) {
        return new MessageSent(
            put(newMessage(existing.get().groupUuid(), sender)), false, warnings.list());
      }
      Message first = newMessage(UUID.randomUUID(), sender);
      AccessPatterns.NewConversation d =
          AccessPatterns.newConversation(first.groupUuid(), first, recipient);
      DynamoCalls.onMessages(
          session,
          "creating a group",
          () -> MessageWrites.startConversation(session.dynamo(), table(), d));
      return new MessageSent(first, true, warnings.list());
    }
    UUID groupUuid = group.get();
    List<MessageGroupRow> members = reads.rowsOfGroup(groupUuid);
    if (members.isEmpty()) {
      throw CruddurException.of(
          ErrorCode.UNKNOWN_GROUP,
          "there is no message group " + groupUuid + " in " + reads.table(),
          "Find the groups of a user with `cruddur ddb list-conversations HANDLE`");
    }
    if (members.stream().noneMatch(r -> r.ownerUuid().equals(sender.uuid()))) {
      throw CruddurException.of(
          ErrorCode.NOT_A_MEMBER,
          from + " is not a member of group " + groupUuid,
          "Send from a member, or start a conversation with --to HANDLE");
    }
    return new MessageSent(put(newMessage(groupUuid, sender)), false, warnings.list());
  }

  private Message newMessage(UUID groupUuid, UserRef sender) {
    Message message = new Message(groupUuid, Instant.now(), UUID.randomUUID(), text, sender);
    // the group rows carry the text too: the bigger of the two items decides
    int bytes = message.itemBytes() + MessagesTable.GROUP_UUID.length() + 36;
    if (bytes > MessagesTable.MAX_ITEM_BYTES) {
      throw CruddurException.of(
          ErrorCode.ITEM_TOO_LARGE,
          "the message is "
              + bytes
              + " bytes as an item; a DynamoDB item holds at most "
              + MessagesTable.MAX_ITEM_BYTES
              + " bytes (400 KB)",
          "Send a shorter text");
    }
    return message;
  }

  /** C: the message as written (a taken sort key steps it on by a microsecond). */
  private Message put(Message message) {
    return DynamoCalls.onMessages(
        session,
        "sending a message",
        () -> MessageWrites.putMessage(session.dynamo(), table(), message));
  }

  private String table() {
    return session.names().tableName();
  }
}
