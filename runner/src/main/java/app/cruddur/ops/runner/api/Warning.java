package app.cruddur.ops.runner.api;

import java.util.Objects;

/**
 * Something an operation met that did not stop it (an item it could not read, a lock it released):
 * carried in its result, printed on stderr as {@code warning: <message>} and listed in the JSON
 * envelope's {@code warnings}.
 *
 * @param code what kind of thing it is ({@code MALFORMED_ITEM}), for pipelines
 * @param message what happened, in a line, without secrets
 */
public record Warning(String code, String message) {
  public Warning {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
