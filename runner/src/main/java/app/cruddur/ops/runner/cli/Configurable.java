package app.cruddur.ops.runner.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An option that is configuration, not a one-off act: besides the command line it may come from the
 * environment ({@code CRUDDUR_} and its name: {@code --user-pool-id} is {@code
 * CRUDDUR_USER_POOL_ID}) and from the project file {@code cruddur.toml} ({@code user-pool-id =
 * "..."}), as Flyway's settings come from {@code FLYWAY_*} and {@code flyway.toml}. Options that
 * confirm a destructive act ({@code --confirm}, {@code --yes}) or name the thing acted on are never
 * configurable: they are said each time. See {@link Configuration}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Configurable {
  /** The environment variable, when it is not {@code CRUDDUR_} and the option's name. */
  String env() default "";

  /**
   * Whether {@code cruddur.toml} may set it: not the directories the file is found by, and not a
   * database (a file a team checks in names nobody's database).
   */
  boolean inFile() default true;
}
