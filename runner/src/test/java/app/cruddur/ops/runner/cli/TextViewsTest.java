package app.cruddur.ops.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.architecture.OurClasses;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every operation's result can be shown as a table: a new result type without a view fails here,
 * not in a terminal.
 */
class TextViewsTest {
  @Test
  void everyResultTypeHasATableView() {
    List<String> results =
        OurClasses.get().stream()
            .filter(c -> c.isAssignableTo(OperationResult.class) && !c.isInterface())
            .map(JavaClass::getName)
            .toList();

    assertThat(results).hasSizeGreaterThan(20);
    for (String name : results) {
      try {
        assertThat(TextViews.hasView(Class.forName(name)))
            .as(name + " has a view in TextViews")
            .isTrue();
      } catch (ClassNotFoundException e) {
        throw new AssertionError(e);
      }
    }
  }
}
