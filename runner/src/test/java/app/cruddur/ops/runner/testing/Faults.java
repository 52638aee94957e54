package app.cruddur.ops.runner.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** SDK interceptors that make a real engine misbehave the way DynamoDB does on a bad day. */
public final class Faults {
  private Faults() {}

  /**
   * Every {@code every}-th BatchWriteItem leaves its second half unwritten and returns it as
   * UnprocessedItems, exactly as a throttled table does: the items really are not written.
   */
  public static final class UnprocessedItems implements ExecutionInterceptor {
    private static final ExecutionAttribute<Map<String, List<WriteRequest>>> HELD_BACK =
        new ExecutionAttribute<>("held-back");
    private final int every;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();

    public UnprocessedItems(int every) {
      this.every = every;
    }

    /** How many items were held back in all. */
    public int injected() {
      return injected.get();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
      if (!(context.request() instanceof BatchWriteItemRequest request)
          || calls.incrementAndGet() % every != 0) {
        return context.request();
      }
      Map<String, List<WriteRequest>> sent = new java.util.LinkedHashMap<>();
      Map<String, List<WriteRequest>> held = new java.util.LinkedHashMap<>();
      request
          .requestItems()
          .forEach(
              (table, writes) -> {
                int keep = Math.max(1, writes.size() / 2);
                sent.put(table, new ArrayList<>(writes.subList(0, keep)));
                if (writes.size() > keep) {
                  held.put(table, new ArrayList<>(writes.subList(keep, writes.size())));
                  injected.addAndGet(writes.size() - keep);
                }
              });
      attributes.putAttribute(HELD_BACK, held);
      return request.toBuilder().requestItems(sent).build();
    }

    @Override
    public SdkResponse modifyResponse(
        Context.ModifyResponse context, ExecutionAttributes attributes) {
      Map<String, List<WriteRequest>> held = attributes.getAttribute(HELD_BACK);
      if (held == null
          || held.isEmpty()
          || !(context.response() instanceof BatchWriteItemResponse response)) {
        return context.response();
      }
      Map<String, List<WriteRequest>> unprocessed =
          new java.util.LinkedHashMap<>(response.unprocessedItems());
      held.forEach(
          (table, writes) ->
              unprocessed.merge(
                  table,
                  writes,
                  (a, b) -> {
                    List<WriteRequest> all = new ArrayList<>(a);
                    all.addAll(b);
                    return all;
                  }));
      return response.toBuilder().unprocessedItems(unprocessed).build();
    }
  }

  /**
   * Fails every request of a kind after the first {@code allowed} ones: an engine that goes away.
   */
  public static final class FailAfter implements ExecutionInterceptor {
    private final Class<? extends SdkRequest> kind;
    private final int allowed;
    private final AtomicInteger calls = new AtomicInteger();

    public FailAfter(Class<? extends SdkRequest> kind, int allowed) {
      this.kind = kind;
      this.allowed = allowed;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (kind.isInstance(context.request()) && calls.incrementAndGet() > allowed) {
        throw SdkClientException.create(
            "injected: the engine went away (Connection refused)",
            new java.net.ConnectException("Connection refused"));
      }
    }
  }

  /**
   * Answers some attempts of an operation with a DynamoDB throttling error, alternating
   * ProvisionedThroughputExceededException and ThrottlingException, in bursts long enough that the
   * SDK's own retries run out and the caller's backoff has to take over.
   */
  public static final class Throttling implements ExecutionInterceptor {
    private static final ExecutionAttribute<String> ERROR =
        new ExecutionAttribute<>("injected-throttle");
    private final Class<? extends SdkRequest> kind;
    private final int burst;
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();

    /** Throttles attempts of {@code kind} in bursts of {@code burst}, then lets as many through. */
    public Throttling(Class<? extends SdkRequest> kind, int burst) {
      this.kind = kind;
      this.burst = burst;
    }

    public int injected() {
      return injected.get();
    }

    @Override
    public software.amazon.awssdk.http.SdkHttpResponse modifyHttpResponse(
        Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
      if (!kind.isInstance(context.request())) {
        return context.httpResponse();
      }
      int n = attempts.getAndIncrement();
      if ((n / burst) % 2 != 0) {
        attributes.putAttribute(ERROR, "");
        return context.httpResponse();
      }
      String type =
          injected.getAndIncrement() % 2 == 0
              ? "ProvisionedThroughputExceededException"
              : "ThrottlingException";
      String body =
          "{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
              + type
              + "\",\"message\":\"injected throttling\"}";
      attributes.putAttribute(ERROR, body);
      return context.httpResponse().toBuilder()
          .statusCode(400)
          .putHeader("Content-Length", Integer.toString(body.length()))
          .putHeader("Content-Type", "application/x-amz-json-1.0")
          .removeHeader("x-amz-crc32")
          .removeHeader(
              "x-amzn-ErrorType") // the real answer's error type (a conditional failure) would win
          // over the body's
          .build();
    }

    @Override
    public java.util.Optional<java.io.InputStream> modifyHttpResponseContent(
        Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
      String body = attributes.getAttribute(ERROR);
      if (body == null || body.isEmpty()) {
        return context.responseBody();
      }
      // drain and close the real answer: its connection goes back to the pool
      context
          .responseBody()
          .ifPresent(
              real -> {
                try (real) {
                  real.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (java.io.IOException ignored) {
                  // the connection is discarded instead
                }
              });
      return java.util.Optional.of(
          new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
  }
}
