package app.cruddur.ops.runner.internal.liquibase;

import java.util.List;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.UpdateSummaryEnum;
import liquibase.changelog.ChangeLogIterator;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.filter.ChangeSetFilter;
import liquibase.changelog.visitor.ChangeExecListener;
import liquibase.command.CommandArgumentDefinition;
import liquibase.command.CommandBuilder;
import liquibase.command.CommandDefinition;
import liquibase.command.CommandResultsBuilder;
import liquibase.command.CommandScope;
import liquibase.command.CommonArgumentNames;
import liquibase.command.core.AbstractUpdateCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.database.Database;
import liquibase.exception.LiquibaseException;

/**
 * Liquibase's {@code update} that stops at a changeset boundary: a command of ours ({@value
 * #NAME}), built as Liquibase builds {@code updateCount} and {@code updateToTag} — the standard
 * update with one more {@link ChangeSetFilter} on the changesets it runs, here a {@link
 * ChangesetBoundary}. Liquibase evaluates the filters of a changeset just before it runs it, so a
 * deadline that passed while changeset 3 ran keeps 4 and 5 from starting; the update then ends as
 * any update does (its lock released, the summary written). Only a sliced release uses it; a whole
 * release runs the standard {@code update}. Registered in {@code
 * META-INF/services/liquibase.command.CommandStep}.
 */
public final class SlicedUpdateCommandStep extends AbstractUpdateCommandStep {
  /** The command's name. */
  public static final String NAME = "cruddurSlicedUpdate";

  private static final String[] COMMAND_NAME = {NAME};

  static final CommandArgumentDefinition<String> CHANGELOG_FILE_ARG;
  static final CommandArgumentDefinition<String> LABEL_FILTER_ARG;
  static final CommandArgumentDefinition<String> CONTEXTS_ARG;
  static final CommandArgumentDefinition<ChangesetBoundary> BOUNDARY_ARG;

  static {
    CommandBuilder builder = new CommandBuilder(COMMAND_NAME);
    CHANGELOG_FILE_ARG =
        builder
            .argument(CommonArgumentNames.CHANGELOG_FILE, String.class)
            .required()
            .description("The root changelog")
            .build();
    LABEL_FILTER_ARG =
        builder
            .argument("labelFilter", String.class)
            .addAlias("labels")
            .description("Changeset labels to match")
            .build();
    CONTEXTS_ARG =
        builder
            .argument("contextFilter", String.class)
            .addAlias("contexts")
            .description("Changeset contexts to match")
            .build();
    BOUNDARY_ARG =
        builder
            .argument("boundary", ChangesetBoundary.class)
            .required()
            .hidden()
            .description("Where the update stops: the slice's deadline")
            .build();
  }

  @Override
  public String[][] defineCommandNames() {
    return new String[][] {COMMAND_NAME};
  }

  @Override
  public void adjustCommandDefinition(CommandDefinition commandDefinition) {
    commandDefinition.setShortDescription(
        "Deploy pending changes until a deadline passes (cruddur's sliced releases)");
    commandDefinition.setHidden(true);
  }

  @Override
  public List<Class<?>> requiredDependencies() {
    // as update's: Liquibase's lock is taken only once the database is found not up to date
    return List.of(
        Database.class,
        DatabaseChangeLog.class,
        ChangeExecListener.class,
        ChangeLogParameters.class,
        UpdateSummaryEnum.class);
  }

  @Override
  public void validate(CommandScope commandScope) {
    // as update does: changesets recorded without a checksum get one
    commandScope.addArgumentValue(DatabaseChangelogCommandStep.UPDATE_NULL_CHECKSUMS, Boolean.TRUE);
  }

  @Override
  public void run(CommandResultsBuilder resultsBuilder) throws Exception {
    setDBLock(false);
    super.run(resultsBuilder);
  }

  /** The standard iterator with the boundary last: it sees only changesets every other passed. */
  @Override
  public ChangeLogIterator getStandardChangelogIterator(
      CommandScope commandScope,
      Database database,
      Contexts contexts,
      LabelExpression labelExpression,
      DatabaseChangeLog changeLog)
      throws LiquibaseException {
    List<ChangeSetFilter> filters =
        getStandardChangelogIteratorFilters(database, contexts, labelExpression);
    filters.add(commandScope.getArgumentValue(BOUNDARY_ARG).filter(database));
    return new ChangeLogIterator(changeLog, filters.toArray(new ChangeSetFilter[0]));
  }

  @Override
  public String getChangelogFileArg(CommandScope commandScope) {
    return commandScope.getArgumentValue(CHANGELOG_FILE_ARG);
  }

  @Override
  public String getContextsArg(CommandScope commandScope) {
    return commandScope.getArgumentValue(CONTEXTS_ARG);
  }

  @Override
  public String getLabelFilterArg(CommandScope commandScope) {
    return commandScope.getArgumentValue(LABEL_FILTER_ARG);
  }

  @Override
  public String[] getCommandName() {
    return COMMAND_NAME;
  }

  @Override
  public UpdateSummaryEnum getShowSummary(CommandScope commandScope) {
    return (UpdateSummaryEnum) commandScope.getDependency(UpdateSummaryEnum.class);
  }
}
