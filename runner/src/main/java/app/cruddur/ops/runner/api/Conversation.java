package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * Pattern A: the messages of a group, newest first.
 *
 * @param group the message group
 * @param messages its messages, newest first
 * @param warnings what it met and went on past
 */
public record Conversation(
    java.util.UUID group, List<app.cruddur.ops.model.Message> messages, List<Warning> warnings)
    implements OperationResult {}
