package app.cruddur.ops.vehicle;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What a handler sees of an invocation run outside Lambda (the long-step build, the bench's
 * workflow slices): a name and version, a request id, the time left counting down from {@code
 * timeout}, and a log; nothing else of Lambda's.
 */
public final class TimedContext implements Context {
  private final String functionName;
  private final String functionVersion;
  private final String requestId;
  private final long deadline;
  private final PrintStream log;

  public TimedContext(
      String functionName,
      String functionVersion,
      String requestId,
      Duration timeout,
      PrintStream log) {
    this.functionName = functionName;
    this.functionVersion = functionVersion;
    this.requestId = requestId;
    this.deadline = System.currentTimeMillis() + timeout.toMillis();
    this.log = log;
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "";
  }

  @Override
  public String getLogStreamName() {
    return "";
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return functionVersion;
  }

  @Override
  public String getInvokedFunctionArn() {
    return "";
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, deadline - System.currentTimeMillis()));
  }

  @Override
  public int getMemoryLimitInMB() {
    return (int) (Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        log.print(message);
      }

      @Override
      public void log(byte[] message) {
        log.print(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
