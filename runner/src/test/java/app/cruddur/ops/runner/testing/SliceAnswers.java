package app.cruddur.ops.runner.testing;

import app.cruddur.ops.runner.api.Envelope;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.VehicleAnswer;
import app.cruddur.ops.runner.api.VerbRequest;
import java.util.List;
import java.util.Optional;

/** The vehicle's answer to a request, from what the release returned (its events left out). */
public final class SliceAnswers {
  private SliceAnswers() {}

  /** What the vehicle answers {@code request} when the release returned {@code result}. */
  public static VehicleAnswer of(VerbRequest request, OperationResult result) {
    return VehicleAnswer.of(
        request,
        Envelope.of("release", Optional.empty(), Optional.of(result), List.of(), result.failure()),
        List.of(),
        Optional.of(result));
  }
}
