package app.cruddur.ops.runner.internal.aws;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.OneLine;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns SDK failures into what the user must do: an unreachable endpoint, missing or expired
 * credentials and a wrong region are configuration (exit 4); everything else is a failure of the
 * command (exit 1). Messages name the service and the target, never a credential.
 */
public final class AwsErrors {
  private static final Set<String> CREDENTIAL_ERRORS =
      Set.of(
          "UnrecognizedClientException",
          "InvalidSignatureException",
          "SignatureDoesNotMatch",
          "InvalidClientTokenId",
          "ExpiredToken",
          "ExpiredTokenException",
          "RequestExpired",
          "IncompleteSignature",
          "MissingAuthenticationToken",
          "AuthFailure");
  private static final Set<String> ACCESS_ERRORS =
      Set.of("AccessDeniedException", "AccessDenied", "NotAuthorizedException");

  private AwsErrors() {}

  /**
   * The user-facing failure for {@code e}, raised while doing {@code what} ("listing tables").
   *
   * @param where the service and target, e.g. "DynamoDB at http://127.0.0.1:8000"
   */
  public static CruddurException translate(SdkException e, String what, String where) {
    if (e instanceof AwsServiceException service) {
      String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
      String message =
          service.awsErrorDetails() == null
              ? service.getMessage()
              : service.awsErrorDetails().errorMessage();
      if (CREDENTIAL_ERRORS.contains(code)) {
        return CruddurException.of(
            ErrorCode.CREDENTIALS,
            where + " rejected the credentials while " + what + " (" + code + ")",
            "Refresh them (aws sso login, aws configure) or choose another --profile",
            e);
      }
      if (ACCESS_ERRORS.contains(code) || service.statusCode() == 403) {
        return CruddurException.of(
            ErrorCode.ACCESS_DENIED,
            where + " denied access while " + what + ": " + OneLine.of(message, 300),
            "Use credentials whose role allows it, or another --profile",
            e);
      }
      return CruddurException.of(
          ErrorCode.SERVICE_ERROR,
          where + " failed while " + what + ": " + code + ": " + OneLine.of(message, 300),
          "Rerun with --debug for the request details",
          e);
    }
    Throwable cause = rootCause(e);
    String text = e.getMessage() == null ? "" : e.getMessage();
    if (cause instanceof CredentialSources.NoCredentials none) {
      return CruddurException.of(
          ErrorCode.CREDENTIALS,
          "no usable AWS credentials for " + where + " (" + String.join(", ", none.looked()) + ")",
          "Run `aws configure` or `aws sso login`, pass --profile NAME, or set AWS_ACCESS_KEY_ID"
              + " and AWS_SECRET_ACCESS_KEY",
          e);
    }
    if (text.contains("Unable to load credentials")
        || text.contains("Unable to load an AWS credentials")
        || text.contains("profile file") && text.contains("profile")) {
      // the SDK's message lists its whole provider chain: say what matters, the profile it looked
      // for
      java.util.regex.Matcher profile =
          java.util.regex.Pattern.compile("profileName=([^)\\s,]+)").matcher(text);
      String which =
          profile.find() ? " (profile '" + profile.group(1) + "', environment, instance role)" : "";
      return CruddurException.of(
          ErrorCode.CREDENTIALS,
          "no usable AWS credentials for " + where + which,
          "Run `aws configure` or `aws sso login`, pass --profile NAME, or set AWS_ACCESS_KEY_ID"
              + " and AWS_SECRET_ACCESS_KEY",
          e);
    }
    if (cause instanceof UnknownHostException) {
      return CruddurException.of(
          ErrorCode.UNREACHABLE,
          "cannot reach " + where + " while " + what + ": unknown host " + cause.getMessage(),
          "Check the region (--region) and the endpoint URL",
          e);
    }
    if (cause instanceof ConnectException
        || cause instanceof SocketTimeoutException
        || e instanceof ApiCallTimeoutException
        || e instanceof ApiCallAttemptTimeoutException
        || text.contains("Connection refused")
        || text.contains("connect timed out")) {
      return CruddurException.of(
          ErrorCode.UNREACHABLE,
          "cannot reach "
              + where
              + " while "
              + what
              + ": "
              + OneLine.of(cause.getMessage() == null ? text : cause.getMessage(), 300),
          "Check that it is running and reachable (for the local target: `cruddur local status`)",
          e);
    }
    if (e instanceof SdkClientException) {
      return CruddurException.of(
          ErrorCode.CONFIG,
          where + " could not be used while " + what + ": " + OneLine.of(firstSentence(text), 300),
          "Check the endpoint, region and credentials; rerun with --debug for details",
          e);
    }
    return CruddurException.of(
        ErrorCode.SERVICE_ERROR,
        where + " failed while " + what + ": " + OneLine.of(text, 300),
        "Rerun with --debug for details",
        e);
  }

  /**
   * True when {@code e} means the engine could not be reached at all (it stopped, or never was).
   */
  public static boolean isUnreachable(Throwable e) {
    Throwable cause = rootCause(e);
    return cause instanceof ConnectException
        || cause instanceof SocketTimeoutException
        || cause instanceof UnknownHostException
        || e instanceof ApiCallTimeoutException;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String firstSentence(String text) {
    int dot = text.indexOf(". ");
    return dot > 0 ? text.substring(0, dot) : text;
  }
}
