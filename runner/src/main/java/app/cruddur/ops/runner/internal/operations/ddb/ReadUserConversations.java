package app.cruddur.ops.runner.internal.operations.ddb;

import app.cruddur.ops.model.MessageGroupRow;
import app.cruddur.ops.model.UserRef;
import app.cruddur.ops.runner.api.UserConversations;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.operations.Warnings;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.util.List;

/**
 * {@code cruddur ddb list-conversations HANDLE}, pattern B: the groups of a user (found by handle),
 * most recent first by instant.
 */
public record ReadUserConversations(Connections session, String handle)
    implements Operation<UserConversations> {
  @Override
  public UserConversations run() {
    Warnings warnings = new Warnings();
    MessagesTableReads reads = new MessagesTableReads(session, warnings);
    UserRef user = reads.user(handle);
    List<MessageGroupRow> rows = reads.groupsOf(user.uuid(), handle);
    return new UserConversations(user, rows, warnings.list());
  }
}
