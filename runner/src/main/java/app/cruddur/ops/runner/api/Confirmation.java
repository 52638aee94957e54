package app.cruddur.ops.runner.api;

/**
 * Asks a person before a destructive operation on the local target (off it, the resource's name is
 * repeated instead). The CLI asks on the terminal, or answers yes for {@code --yes}.
 */
@FunctionalInterface
public interface Confirmation {
  /** Says yes without asking (the API used from code, {@code --yes}). */
  Confirmation YES = question -> true;

  /** True when the person said yes to {@code question} ("Drop table cruddur-messages?"). */
  boolean confirm(String question);
}
