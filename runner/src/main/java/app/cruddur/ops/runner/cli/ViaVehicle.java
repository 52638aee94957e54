package app.cruddur.ops.runner.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an option that a command run in the stage's release vehicle ({@code --via}) takes along:
 * the verb's own options ({@code --plan}, a rollback's {@code --count}) and those that find the
 * vehicle ({@code --aws}, {@code --profile}, {@code --stack}). Any other option of the command,
 * given with {@code --via}, would point the vehicle elsewhere or would be dropped there, so it is
 * refused (exit 2) before anything is invoked.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface ViaVehicle {}
