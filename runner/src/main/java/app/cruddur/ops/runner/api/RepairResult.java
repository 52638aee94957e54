package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * What repair --accept recorded, step by step.
 *
 * @param repaired one entry per step asked for, in order
 * @param warnings what it met and went on past
 */
public record RepairResult(List<Repair> repaired, List<Warning> warnings)
    implements OperationResult {
  /**
   * One step's repair.
   *
   * @param version the step
   * @param accepted false when there was nothing to repair
   * @param summary what was recorded, in words
   */
  public record Repair(String version, boolean accepted, String summary) {}
}
