package app.cruddur.ops.runner.internal.aws;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * TLS set up on first use only: never, on a plain-http endpoint. The SDK's default TLS set-up loads
 * the JDK's trust store when the client is built: a quarter of a second of every local command, for
 * connections that never use TLS.
 */
final class LazyTlsStrategy implements TlsSocketStrategy {
  private TlsSocketStrategy delegate;

  @Override
  public synchronized SSLSocket upgrade(
      Socket socket, String target, int port, Object attachment, HttpContext context)
      throws IOException {
    if (delegate == null) {
      delegate = DefaultClientTlsStrategy.createSystemDefault();
    }
    return delegate.upgrade(socket, target, port, attachment, context);
  }
}
