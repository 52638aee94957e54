/**
 * The DynamoDB stream consumer of pattern E (cruddur-messaging.md): keeps each member's group row
 * on the latest message of its group.
 *
 * <p>{@link app.cruddur.ops.functions.MessageStreamHandler} is the thin Lambda entry point. The
 * work is done by {@link app.cruddur.ops.functions.MessageStreamProcessor} (batch semantics: which
 * records count, what is reported) and {@link app.cruddur.ops.functions.GroupRowMover} (the
 * DynamoDB reads and conditional writes). Both take records as {@link
 * app.cruddur.ops.functions.StreamChange}, which is neither a Lambda nor an SDK type, so the local
 * environment's stream poller runs exactly the same code on records it reads itself.
 */
package app.cruddur.ops.functions;
