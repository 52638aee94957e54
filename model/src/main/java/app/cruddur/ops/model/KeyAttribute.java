package app.cruddur.ops.model;

import java.util.Objects;

/**
 * One key attribute of a table or index. Every key in this model is a string ({@code S}).
 *
 * @param name the attribute name
 */
public record KeyAttribute(String name) {
  public KeyAttribute {
    Objects.requireNonNull(name, "name");
  }

  /** DynamoDB's attribute type letter of every key in this model. */
  public String type() {
    return "S";
  }
}
