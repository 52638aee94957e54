package app.cruddur.ops.runner.api;

import java.util.List;
import java.util.Optional;

/**
 * What {@code cruddur baseline} found on a target made without the runner, and what it recorded
 * (or, with {@code --plan}, would record): for every step and every changeset, whether its effect
 * is present, absent or different.
 *
 * @param target the target, described without secrets
 * @param context the release context
 * @param planned true for {@code --plan}: nothing was written
 * @param steps every step in the context, in order
 * @param reconciling the changelog file written (or to be written) with the changesets that bring
 *     the different objects to the changesets' shape, relative to the project; empty when nothing
 *     needs it
 * @param reconcilingChangesets their ids
 * @param warnings what it met and went on past
 */
public record BaselineResult(
    String target,
    String context,
    boolean planned,
    List<StepBaseline> steps,
    Optional<String> reconciling,
    List<String> reconcilingChangesets,
    List<Warning> warnings)
    implements OperationResult {

  /** What is in place of a step's or a changeset's effect. */
  public enum Judgement {
    /** Its effect is there as it makes it: recorded as baselined, never run. */
    PRESENT,
    /** None of it is there: left for the release. */
    ABSENT,
    /** Part of it is there, or in another shape: named, and reconciled where it would break. */
    DIFFERENT,
    /** The ledger (or Liquibase's changelog) records it already. */
    APPLIED,
    /**
     * Data, not schema (seeds, item migrations, changesets no snapshot sees): left for the release.
     */
    NOT_JUDGED,
    /** The step does not run on this target. */
    NOT_APPLICABLE
  }

  /**
   * One step.
   *
   * @param version its version ({@code V001})
   * @param description its description
   * @param kind its kind
   * @param judgement what is in place
   * @param baselined whether it is (or with --plan would be) recorded BASELINED in the ledger
   * @param note what happens to it next, in words
   * @param differences what differs (a table's stream, a key), in words
   * @param changesets a liquibase step's changesets
   */
  public record StepBaseline(
      String version,
      String description,
      String kind,
      Judgement judgement,
      boolean baselined,
      String note,
      List<String> differences,
      List<ChangesetBaseline> changesets) {}

  /**
   * One changeset.
   *
   * @param id its id
   * @param author its author
   * @param file its file
   * @param judgement what is in place
   * @param synced whether it is (or would be) recorded in DATABASECHANGELOG as run
   * @param differences what differs: column, type, nullability, default, constraint, index
   */
  public record ChangesetBaseline(
      String id,
      String author,
      String file,
      Judgement judgement,
      boolean synced,
      List<String> differences) {}
}
