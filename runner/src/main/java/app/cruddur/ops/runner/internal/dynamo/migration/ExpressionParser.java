package app.cruddur.ops.runner.internal.dynamo.migration;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads an {@link Expression}: an attribute name ({@code sk}, {@code message_group_uuid}), a quoted
 * text ({@code 'MSG#'}, a quote doubled inside), {@code true}/{@code false}, or a function call
 * ({@code canonical_timestamp(sk)}; see {@link MigrationFunction}). Problems say where, as a
 * 1-based character position.
 */
public final class ExpressionParser {
  private final String text;
  private int at;

  private ExpressionParser(String text) {
    this.text = text;
  }

  /**
   * Parses {@code text}.
   *
   * @throws SyntaxException naming the position and what was expected
   */
  public static Expression parse(String text) {
    ExpressionParser p = new ExpressionParser(text);
    p.skipSpace();
    if (p.at >= text.length()) {
      throw new SyntaxException(1, "the expression is empty");
    }
    Expression e = p.expression();
    p.skipSpace();
    if (p.at < text.length()) {
      throw p.error("unexpected '" + text.charAt(p.at) + "' after " + e.text());
    }
    return e;
  }

  private Expression expression() {
    skipSpace();
    if (at >= text.length()) {
      throw error("the expression ends too early");
    }
    char c = text.charAt(at);
    if (c == '\'') {
      return new Expression.Literal(AttributeValue.fromS(quoted()));
    }
    if (Character.isLetter(c) || c == '_') {
      int start = at;
      String name = name();
      skipSpace();
      if (at < text.length() && text.charAt(at) == '(') {
        return call(name, start);
      }
      if (name.equals("true") || name.equals("false")) {
        return new Expression.Literal(AttributeValue.fromBool(Boolean.parseBoolean(name)));
      }
      return new Expression.Attribute(name);
    }
    throw error("expected an attribute name, a 'quoted text' or a function call, not '" + c + "'");
  }

  private Expression call(String name, int start) {
    MigrationFunction function =
        MigrationFunction.named(name)
            .orElseThrow(
                () ->
                    new SyntaxException(
                        start + 1,
                        "unknown function '"
                            + name
                            + "' (known: "
                            + MigrationFunction.names()
                            + ")"));
    at++; // (
    List<Expression> args = new ArrayList<>();
    skipSpace();
    if (at < text.length() && text.charAt(at) == ')') {
      at++;
    } else {
      while (true) {
        args.add(expression());
        skipSpace();
        if (at >= text.length()) {
          throw error("')' is missing after the arguments of " + name + "()");
        }
        char c = text.charAt(at++);
        if (c == ')') {
          break;
        }
        if (c != ',') {
          at--;
          throw error("expected ',' or ')' in " + name + "(), not '" + c + "'");
        }
      }
    }
    if (args.size() < function.minArgs() || args.size() > function.maxArgs()) {
      String expected =
          function.minArgs() == function.maxArgs()
              ? Integer.toString(function.minArgs())
              : function.minArgs() + " to " + function.maxArgs();
      throw new SyntaxException(
          start + 1,
          name
              + "() takes "
              + expected
              + " argument"
              + (function.maxArgs() == 1 ? "" : "s")
              + ", not "
              + args.size());
    }
    return new Expression.Call(function, args);
  }

  private String name() {
    int start = at;
    while (at < text.length()
        && (Character.isLetterOrDigit(text.charAt(at))
            || text.charAt(at) == '_'
            || text.charAt(at) == '-')) {
      at++;
    }
    return text.substring(start, at);
  }

  private String quoted() {
    int start = at++;
    StringBuilder value = new StringBuilder();
    while (at < text.length()) {
      char c = text.charAt(at++);
      if (c == '\'') {
        if (at < text.length() && text.charAt(at) == '\'') {
          value.append('\'');
          at++;
        } else {
          return value.toString();
        }
      } else {
        value.append(c);
      }
    }
    throw new SyntaxException(
        start + 1, "the quoted text is not closed (a quote inside a text is written twice: '')");
  }

  private void skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private SyntaxException error(String problem) {
    return new SyntaxException(at + 1, problem);
  }

  /** An expression that does not parse. */
  public static final class SyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int position;

    SyntaxException(int position, String problem) {
      super(problem);
      this.position = position;
    }

    /** 1-based character position of the problem. */
    public int position() {
      return position;
    }
  }
}
