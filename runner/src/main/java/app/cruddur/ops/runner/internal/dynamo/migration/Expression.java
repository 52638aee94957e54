package app.cruddur.ops.runner.internal.dynamo.migration;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A value computed from an item's own attributes, as a step file writes it: {@code
 * canonical_timestamp(sk)}, {@code concat('MSG#', message_group_uuid)}, {@code 'text'}. Evaluating
 * gives an {@link AttributeValue}, or {@code null} when the value is absent (an absent attribute,
 * {@code after()} of a text without the prefix).
 */
public sealed interface Expression {
  /** The value for {@code item}; {@code null} when absent. */
  AttributeValue evaluate(Map<String, AttributeValue> item);

  /** The attributes this expression reads. */
  Set<String> attributes();

  /** The expression as written (normalized), for plans and messages. */
  String text();

  /** An attribute of the item. */
  record Attribute(String name) implements Expression {
    @Override
    public AttributeValue evaluate(Map<String, AttributeValue> item) {
      return item.get(name);
    }

    @Override
    public Set<String> attributes() {
      return Set.of(name);
    }

    @Override
    public String text() {
      return name;
    }
  }

  /** A quoted text, or {@code true}/{@code false}. */
  record Literal(AttributeValue value) implements Expression {
    @Override
    public AttributeValue evaluate(Map<String, AttributeValue> item) {
      return value;
    }

    @Override
    public Set<String> attributes() {
      return Set.of();
    }

    @Override
    public String text() {
      return value.bool() != null
          ? value.bool().toString()
          : "'" + value.s().replace("'", "''") + "'";
    }
  }

  /** A function applied to arguments. */
  record Call(MigrationFunction function, List<Expression> arguments) implements Expression {
    public Call {
      arguments = List.copyOf(arguments);
    }

    @Override
    public AttributeValue evaluate(Map<String, AttributeValue> item) {
      return function.apply(arguments, item);
    }

    @Override
    public Set<String> attributes() {
      Set<String> all = new LinkedHashSet<>();
      arguments.forEach(a -> all.addAll(a.attributes()));
      return all;
    }

    @Override
    public String text() {
      return function.label()
          + "("
          + String.join(", ", arguments.stream().map(Expression::text).toList())
          + ")";
    }
  }

  /**
   * Evaluating failed on one item (a sort key that is not a timestamp): the item is reported, not
   * changed.
   */
  final class ItemValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ItemValueException(String message) {
      super(message);
    }
  }
}
