package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * Pattern B: the groups of a user, most recent first.
 *
 * @param user the user
 * @param groups the user's group rows, most recent first
 * @param warnings what it met and went on past
 */
public record UserConversations(
    app.cruddur.ops.model.UserRef user,
    List<app.cruddur.ops.model.MessageGroupRow> groups,
    List<Warning> warnings)
    implements OperationResult {}
