package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * What validation found: every applied step matches its file (drift is an exception, exit 3).
 *
 * @param target the target, described without secrets
 * @param context the context
 * @param appliedStepsChecked how many applied steps were checked against their files
 * @param warnings what it met and went on past
 */
public record ValidationResult(
    String target, String context, long appliedStepsChecked, List<Warning> warnings)
    implements OperationResult {}
