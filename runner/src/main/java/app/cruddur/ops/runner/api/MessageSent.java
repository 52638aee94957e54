package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * Pattern C or D: a message sent.
 *
 * @param message the message
 * @param newGroup true when the group was created with it (pattern D)
 * @param warnings what it met and went on past
 */
public record MessageSent(
    app.cruddur.ops.model.Message message, boolean newGroup, List<Warning> warnings)
    implements OperationResult {}
