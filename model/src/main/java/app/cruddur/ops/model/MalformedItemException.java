package app.cruddur.ops.model;

/**
 * An item that does not have the shape this model gives its type; the message names what is wrong.
 */
public class MalformedItemException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public MalformedItemException(String message) {
    super(message);
  }
}
