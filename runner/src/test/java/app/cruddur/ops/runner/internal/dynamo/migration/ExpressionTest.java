package app.cruddur.ops.runner.internal.dynamo.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The expressions of migration step files: what they compute from an item, and how a bad one is
 * reported.
 */
class ExpressionTest {
  static final Map<String, AttributeValue> ITEM =
      Map.of(
          "pk", AttributeValue.fromS("MSG#5ae290ed-55d1-47a0-bc6d-fe2bc2700399"),
          "sk", AttributeValue.fromS("2026-12-01T07:50:48.348274"),
          "user_handle", AttributeValue.fromS("Bayko"),
          "count", AttributeValue.fromN("3"));

  static String eval(String expression) {
    AttributeValue v = ExpressionParser.parse(expression).evaluate(ITEM);
    return v == null ? "<absent>" : v.bool() != null ? v.bool().toString() : v.s();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          canonical_timestamp(sk)                       | 2026-12-01T07:50:48.348274+00:00
          canonical_timestamp('2026-12-01T02:50:48.348-05:00') | 2026-12-01T07:50:48.348000+00:00
          canonical_timestamp('2026-12-01T07:50:48Z')   | 2026-12-01T07:50:48.000000+00:00
          is_canonical_timestamp(sk)                    | false
          is_canonical_timestamp('2026-12-01T07:50:48.348274+00:00') | true
          concat('@', lower(user_handle))               | @bayko
          upper(user_handle)                            | BAYKO
          after(pk, 'MSG#')                             | 5ae290ed-55d1-47a0-bc6d-fe2bc2700399
          before(pk, '#')                               | MSG
          after(pk, 'GRP#')                             | <absent>
          replace(sk, 'T', ' ')                         | 2026-12-01 07:50:48.348274
          coalesce(nickname, user_handle)               | Bayko
          concat(nickname, user_handle)                 | <absent>
          exists(nickname)                              | false
          and(begins_with(pk, 'MSG#'), not(exists(nickname))) | true
          or(equals(user_handle, 'bayko'), equals(lower(user_handle), 'bayko')) | true
          if(exists(nickname), nickname, trim('  x  ')) | x
          'it''s'                                       | it's
          """)
  void computesFromTheItemsOwnAttributes(String expression, String expected) {
    assertThat(eval(expression)).isEqualTo(expected);
  }

  @Test
  void aValueOfTheWrongTypeIsAProblemOfThatItemNotOfTheFile() {
    assertThatThrownBy(() -> eval("lower(count)"))
        .isInstanceOf(Expression.ItemValueException.class)
        .hasMessageContaining("text (S)");
    assertThatThrownBy(() -> eval("canonical_timestamp(user_handle)"))
        .isInstanceOf(Expression.ItemValueException.class)
        .hasMessage("'Bayko' is not an ISO-8601 timestamp");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          lowercase(x)          | 1  | unknown function 'lowercase'
          lower(x               | 8  | ')' is missing after the arguments of lower()
          lower(x y)            | 9  | expected ',' or ')' in lower(), not 'y'
          lower()               | 1  | lower() takes 1 argument, not 0
          concat('a)            | 8  | the quoted text is not closed
          lower(x) y            | 10 | unexpected 'y' after lower(x)
          ,                     | 1  | expected an attribute name, a 'quoted text' or a function call, not ','
          """)
  void aBadExpressionSaysWhereAndWhat(String expression, int position, String problem) {
    assertThatThrownBy(() -> ExpressionParser.parse(expression))
        .isInstanceOfSatisfying(
            ExpressionParser.SyntaxException.class,
            e -> {
              assertThat(e.getMessage()).startsWith(problem);
              assertThat(e.position()).isEqualTo(position);
            });
  }

  @Test
  void anExpressionKnowsTheAttributesItReadsAndPrintsAsWritten() {
    Expression e = ExpressionParser.parse("concat( '@' ,lower(user_handle), after(pk,'MSG#'))");
    assertThat(e.attributes()).containsExactly("user_handle", "pk");
    assertThat(e.text()).isEqualTo("concat('@', lower(user_handle), after(pk, 'MSG#'))");
  }
}
