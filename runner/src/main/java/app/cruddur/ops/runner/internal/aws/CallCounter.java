package app.cruddur.ops.runner.internal.aws;

import app.cruddur.ops.runner.api.AwsCallStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS call and every attempt on the wire, per service and operation: attempts beyond
 * the calls are the SDK's own retries (throttling, 5xx), which are otherwise invisible. Shown with
 * {@code --debug} and in a release's json.
 */
public final class CallCounter implements ExecutionInterceptor {
  private final Map<String, AtomicLong[]> counts = new ConcurrentHashMap<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    counters(attributes)[0].incrementAndGet();
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    counters(attributes)[1].incrementAndGet();
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    counters(attributes)[2].incrementAndGet();
  }

  /** Every operation called so far, sorted by name. */
  public List<AwsCallStats> snapshot() {
    List<AwsCallStats> stats = new ArrayList<>();
    new TreeMap<>(counts)
        .forEach((op, c) -> stats.add(new AwsCallStats(op, c[0].get(), c[1].get(), c[2].get())));
    return stats;
  }

  private AtomicLong[] counters(ExecutionAttributes attributes) {
    String operation =
        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
            + "."
            + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    return counts.computeIfAbsent(
        operation, k -> new AtomicLong[] {new AtomicLong(), new AtomicLong(), new AtomicLong()});
  }
}
