package app.cruddur.ops.runner.internal.dynamo.migration;

/**
 * What a migration did to the items it read. {@code scanned} is the sum of the other five.
 *
 * @param scanned items read (after DynamoDB's filter)
 * @param changed items this run wrote (or, in a dry run, would write)
 * @param alreadyDone items already in the form the migration writes
 * @param skipped items outside the migration ({@code when} false, not an item type it changes)
 * @param changedElsewhere items another writer changed between our read and our write: left as that
 *     writer left them, not clobbered
 * @param failed items the migration cannot change (a value that is not a timestamp, a new key taken
 *     by another item): reported, and the step fails after the pass
 */
public record MigrationCounts(
    long scanned,
    long changed,
    long alreadyDone,
    long skipped,
    long changedElsewhere,
    long failed) {
  /** Nothing yet. */
  public static final MigrationCounts ZERO = new MigrationCounts(0, 0, 0, 0, 0, 0);

  /** Both added. */
  public MigrationCounts plus(MigrationCounts o) {
    return new MigrationCounts(
        scanned + o.scanned,
        changed + o.changed,
        alreadyDone + o.alreadyDone,
        skipped + o.skipped,
        changedElsewhere + o.changedElsewhere,
        failed + o.failed);
  }

  /**
   * "scanned 1,000: changed 120, already done 870, skipped 10, changed by someone else 0, failed
   * 0".
   */
  public String describe(boolean dryRun) {
    return String.format(
        java.util.Locale.ROOT,
        "scanned %,d: %s %,d, already done %,d, skipped %,d, changed by someone else %,d, failed"
            + " %,d",
        scanned,
        dryRun ? "would change" : "changed",
        changed,
        alreadyDone,
        skipped,
        changedElsewhere,
        failed);
  }
}
