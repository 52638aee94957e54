package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.BaselineResult;
import app.cruddur.ops.runner.api.ChangesetStatus;
import app.cruddur.ops.runner.api.CognitoSyncReport;
import app.cruddur.ops.runner.api.CognitoUserList;
import app.cruddur.ops.runner.api.Conversation;
import app.cruddur.ops.runner.api.LocalReset;
import app.cruddur.ops.runner.api.LocalStatus;
import app.cruddur.ops.runner.api.LocalStopped;
import app.cruddur.ops.runner.api.LocalUp;
import app.cruddur.ops.runner.api.LocalVariables;
import app.cruddur.ops.runner.api.MessageSent;
import app.cruddur.ops.runner.api.MigrationBudget;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.ReleaseExecution;
import app.cruddur.ops.runner.api.ReleaseHistory;
import app.cruddur.ops.runner.api.ReleasePlan;
import app.cruddur.ops.runner.api.ReleaseResult;
import app.cruddur.ops.runner.api.ReleaseStatus;
import app.cruddur.ops.runner.api.ReleaseStop;
import app.cruddur.ops.runner.api.RepairResult;
import app.cruddur.ops.runner.api.RollbackResult;
import app.cruddur.ops.runner.api.ScanSummary;
import app.cruddur.ops.runner.api.SchemaLoad;
import app.cruddur.ops.runner.api.SeedRun;
import app.cruddur.ops.runner.api.SeedSummary;
import app.cruddur.ops.runner.api.TableDropped;
import app.cruddur.ops.runner.api.TableList;
import app.cruddur.ops.runner.api.TagResult;
import app.cruddur.ops.runner.api.UpdateSql;
import app.cruddur.ops.runner.api.UserConversations;
import app.cruddur.ops.runner.api.ValidationResult;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The table view of every result type, in one registry: the renderer looks a result's view up here.
 */
final class TextViews {
  private static final Map<Class<?>, BiConsumer<Output, OperationResult>> VIEWS = new HashMap<>();

  static {
    view(ReleaseResult.class, ReleaseReport::printResult);
    view(ReleasePlan.class, ReleaseReport::printPlan);
    view(ReleaseExecution.class, ExecutionReport::printExecution);
    view(ReleaseStop.class, ExecutionReport::printStop);
    view(ReleaseStatus.class, ReleaseReport::printStatus);
    view(ReleaseHistory.class, HistoryReport::printHistory);
    view(ValidationResult.class, ReleaseReport::printValidation);
    view(RepairResult.class, ReleaseReport::printRepair);
    view(BaselineResult.class, BaselineReport::print);
    view(SeedRun.class, ReleaseReport::printSeedRun);
    view(ChangesetStatus.class, DbReport::printChangesets);
    view(UpdateSql.class, DbReport::printUpdateSql);
    view(RollbackResult.class, DbReport::printRollback);
    view(TagResult.class, DbReport::printTag);
    view(TableList.class, DdbReport::printTables);
    view(SchemaLoad.class, DdbReport::printSchemaLoad);
    view(TableDropped.class, DdbReport::printDropped);
    view(MigrationBudget.class, DdbReport::printBudget);
    view(ScanSummary.class, DdbReport::printScanSummary);
    view(
        DdbReport.ScanOutput.class, (out, scan) -> DdbReport.printScanSummary(out, scan.summary()));
    view(Conversation.class, DdbReport::printConversation);
    view(UserConversations.class, DdbReport::printUserConversations);
    view(MessageSent.class, DdbReport::printSent);
    view(SeedSummary.class, DdbReport::printSeed);
    view(CognitoUserList.class, CognitoReport::printUsers);
    view(CognitoSyncReport.class, CognitoReport::printSync);
    view(LocalUp.class, LocalReport::printUp);
    view(LocalStatus.class, LocalReport::printStatus);
    view(LocalVariables.class, LocalReport::printVariables);
    view(LocalStopped.class, LocalReport::printStopped);
    view(LocalReset.class, LocalReport::printReset);
    view(VersionProvider.Version.class, (out, v) -> VersionProvider.lines(v).forEach(out::line));
  }

  private TextViews() {}

  private static <T extends OperationResult> void view(Class<T> type, BiConsumer<Output, T> print) {
    VIEWS.put(type, (out, result) -> print.accept(out, type.cast(result)));
  }

  /** True when {@code type} has a view. */
  static boolean hasView(Class<?> type) {
    return VIEWS.containsKey(type);
  }

  /** Prints {@code result} as its view says. */
  static void render(Output out, OperationResult result) {
    BiConsumer<Output, OperationResult> view = VIEWS.get(result.getClass());
    if (view == null) {
      throw new IllegalStateException(
          "no table view for " + result.getClass().getSimpleName() + ": add one to TextViews");
    }
    view.accept(out, result);
  }
}
