package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.CognitoUsers;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.cli.WaitOption;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cruddur cognito list-users|sync}: the Cognito users of a target. */
@Command(
    name = "cognito",
    mixinStandardHelpOptions = true,
    description = {
      "Cognito users: list them, and sync their sub into users.cognito_user_id (the release's"
          + " cognito-sync step, alone).",
      "The pool: --user-pool-id, else the deployment's, else (locally) the pool named"
          + " --user-pool-name (cruddur-user-pool)."
    },
    subcommands = {CognitoCommand.ListUsers.class, CognitoCommand.Sync.class})
public final class CognitoCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code cognito list-users}. */
  @Command(
      name = "list-users",
      mixinStandardHelpOptions = true,
      description =
          "Every user of the pool (all pages): handle (preferred_username), sub, email, status. "
              + "Users without preferred_username are listed as such.")
  static final class ListUsers extends TargetCommandBase {
    @Override
    protected OperationResult execute() {
      try (CognitoUsers cognito = cognitoUsers(Duration.ZERO, renderer().notices())) {
        return cognito.list();
      }
    }
  }

  /** {@code cognito sync}. */
  @Command(
      name = "sync",
      mixinStandardHelpOptions = true,
      description = {
        "Set users.cognito_user_id to the sub of the Cognito user whose preferred_username is the"
            + " handle:",
        "all changes in one transaction, under the release lock; a sub already held by another row"
            + " is a",
        "conflict, and then nothing is written (exit 1). Reports handles missing on either side."
      })
  static final class Sync extends TargetCommandBase {
    @Option(names = "--dry-run", description = "Print the diff and write nothing.")
    boolean dryRun;

    @Mixin WaitOption wait;

    @Override
    protected OperationResult execute() {
      try (CognitoUsers cognito = cognitoUsers(wait.duration(), renderer().notices())) {
        return dryRun ? cognito.dryRun() : cognito.sync();
      }
    }
  }
}
