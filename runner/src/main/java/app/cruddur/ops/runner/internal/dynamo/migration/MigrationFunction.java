package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.model.IsoTimestamps;
import app.cruddur.ops.runner.internal.dynamo.migration.Expression.ItemValueException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The functions a step file's expressions may call. Each is deterministic (no clock, no random): a
 * dry run and the real run compute the same values, and a rerun computes what the first run did.
 * Texts are string attributes ({@code S}); an absent argument gives an absent result unless the
 * function is about absence ({@code exists}, {@code coalesce}).
 */
public enum MigrationFunction {
  /**
   * {@code canonical_timestamp(x)}: x, any ISO-8601 form, as the model writes it (UTC,
   * microseconds, +00:00).
   */
  CANONICAL_TIMESTAMP("canonical_timestamp", 1, 1) {
    @Override
    AttributeValue compute(List<AttributeValue> args) {
      String text = text(args.get(0), this);
      if (text == null) {
        return null;
      }
      try {
        return AttributeValue.fromS(IsoTimestamps.canonical(text));
      } catch (IllegalArgumentException e) {
        throw new ItemValueException("'" + text + "' is not an ISO-8601 timestamp");
      }
    }
  },
  /** {@code is_canonical_timestamp(x)}: true when x is a timestamp in the form the model writes. */
  IS_CANONICAL_TIMESTAMP("is_canonical_timestamp", 1, 1) {
    @Override
    AttributeValue compute(List<AttributeValue> args) {
      String text = text(args.get(0), this);
      return AttributeValue.fromBool(text != null && IsoTimestamps.isCanonical(text));
    }
  },
  /** {@code concat(a, b, ...)}: the texts joined; absent when any is absent. */
  CONCAT("concat", 2, 16) {
    @Override
    AttributeValue compute(List<AttributeValue> args) {
      StringBuilder joined = new StringBuilder();
      for (AttributeValue a : args) {
        String text = text(a, this);
        if (text == null) {
          return null;
        }
        joined.append(text);
      }
      return AttributeValue.fromS(joined.toString());
    }
  },
  /** {@code lower(x)}. */
  LOWER("lower", 1, 1) {
    @Override
    AttributeValue compute(List<AttributeValue> args) {
      return map(args.get(0), t -> t.toLowerCase(Locale.ROOT));
    }
  },
  /** {@code upper(x)}. */
  UPPER("upper", 1, 1) {
    @Override
    AttributeValue compute(List<AttributeValue> args) {
      return map(args.get(0), t -> t.toUpperCase(Locale.ROOT));
    }
  },
  /** {@code trim(x)}: without leading and trailing white space. */
  TRIM("trim", 1, 1) {
    @Override
    AttributeValue compute(List<AttributeValue> args) {
      return map(args.get(0), String::strip);
    }
  },
  /**
   * {@code after(x, 'MSG#')}: the text after the first occurrence of the separator; absent without
   * it.
   */
  AFTER("after", 2, 2) {
    @Override
    AttributeValue compute(List<AttributeValue> args) {
      return split(args, this, false);
    }
  },
  /**
   * {@code before(x, '#')}: the text before the first occurrence of the separator; absent without
   * it.
   */
  BEFORE("before", 2, 2) {
    @Override
    AttributeValue compute(List<AttributeValue> args) {
      return split(args, this, true);
    }
  },
  /** {@code replace(x, 'from', 'to')}: every occurrence replaced. */
  REPLACE("replace", 3, 3) {
    @Override
    AttributeValue compute(List<AttributeValue> args) {
      String text = text(args.get(0), this);
      String from = text(args.get(1), this);
      String to = text(args.get(2), this);
      return text == null || from == null || to == null || from.isEmpty()
          ? null
          : AttributeValue.fromS(text.replace(from, to));
    }
  },
  /** {@code coalesce(a, b, ...)}: the first value that is present. */
  COALESCE("coalesce", 2, 16) {
    @Override
    AttributeValue compute(List<AttributeValue> args) {
      return args.stream().filter(a -> a != null).findFirst().orElse(null);
    }
  },
  /** {@code exists(x)}: true when the attribute is present. */
  EXISTS("exists", 1, 1) {
    @Override
    AttributeValue compute(List<AttributeValue> args) {
      return AttributeValue.fromBool(args.get(0) != null);
    }
  },
  /** {@code begins_with(x, 'prefix')}. */
  BEGINS_WITH("begins_with", 2, 2) {
    @Override
    AttributeValue compute(List<AttributeValue> args) {
      String text = text(args.get(0), this);
      String prefix = text(args.get(1), this);
      return AttributeValue.fromBool(text != null && prefix != null && text.startsWith(prefix));
    }
  },
  /** {@code equals(a, b)}: true when both are present and equal. */
  EQUALS("equals", 2, 2) {
    @Override
    AttributeValue compute(List<AttributeValue> args) {
      return AttributeValue.fromBool(args.get(0) != null && args.get(0).equals(args.get(1)));
    }
  },
  /** {@code not(b)}. */
  NOT("not", 1, 1) {
    @Override
    AttributeValue compute(List<AttributeValue> args) {
      return AttributeValue.fromBool(!truth(args.get(0), this));
    }
  },
  /** {@code and(a, b, ...)}. */
  AND("and", 2, 16) {
    @Override
    AttributeValue compute(List<AttributeValue> args) {
      return AttributeValue.fromBool(args.stream().allMatch(a -> truth(a, this)));
    }
  },
  /** {@code or(a, b, ...)}. */
  OR("or", 2, 16) {
    @Override
    AttributeValue compute(List<AttributeValue> args) {
      return AttributeValue.fromBool(args.stream().anyMatch(a -> truth(a, this)));
    }
  },
  /** {@code if(condition, then, else)}. */
  IF("if", 3, 3) {
    @Override
    AttributeValue apply(List<Expression> arguments, Map<String, AttributeValue> item) {
      // only the branch taken is evaluated: the other may not apply to this item
      return truth(arguments.get(0).evaluate(item), this)
          ? arguments.get(1).evaluate(item)
          : arguments.get(2).evaluate(item);
    }

    @Override
    AttributeValue compute(List<AttributeValue> args) {
      throw new UnsupportedOperationException();
    }
  };

  private final String label;
  private final int minArgs;
  private final int maxArgs;

  MigrationFunction(String label, int minArgs, int maxArgs) {
    this.label = label;
    this.minArgs = minArgs;
    this.maxArgs = maxArgs;
  }

  /** The name in step files. */
  public String label() {
    return label;
  }

  public int minArgs() {
    return minArgs;
  }

  public int maxArgs() {
    return maxArgs;
  }

  /** The function of that name. */
  public static Optional<MigrationFunction> named(String name) {
    return Arrays.stream(values()).filter(f -> f.label.equals(name)).findFirst();
  }

  /** Every name, for error messages. */
  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(MigrationFunction::label).toList());
  }

  AttributeValue apply(List<Expression> arguments, Map<String, AttributeValue> item) {
    return compute(arguments.stream().map(a -> a.evaluate(item)).toList());
  }

  abstract AttributeValue compute(List<AttributeValue> args);

  private static String text(AttributeValue value, MigrationFunction f) {
    if (value == null) {
      return null;
    }
    if (value.s() == null) {
      throw new ItemValueException(f.label + "() needs a text (S), not " + value.type());
    }
    return value.s();
  }

  /**
   * The part of the first argument before (or after) the first occurrence of the second; absent
   * without one.
   */
  private static AttributeValue split(
      List<AttributeValue> args, MigrationFunction f, boolean before) {
    String text = text(args.get(0), f);
    String separator = text(args.get(1), f);
    int at = text == null || separator == null ? -1 : text.indexOf(separator);
    if (at < 0) {
      return null;
    }
    return AttributeValue.fromS(
        before ? text.substring(0, at) : text.substring(at + separator.length()));
  }

  private static AttributeValue map(
      AttributeValue value, java.util.function.UnaryOperator<String> op) {
    String text = value == null ? null : value.s();
    if (value != null && text == null) {
      throw new ItemValueException("needs a text (S), not " + value.type());
    }
    return text == null ? null : AttributeValue.fromS(op.apply(text));
  }

  private static boolean truth(AttributeValue value, MigrationFunction f) {
    if (value == null) {
      return false;
    }
    if (value.bool() == null) {
      throw new ItemValueException(f.label + "() needs true or false, not " + value.type());
    }
    return value.bool();
  }
}
