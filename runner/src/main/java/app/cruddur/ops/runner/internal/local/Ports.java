package app.cruddur.ops.runner.internal.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.OptionalInt;
import java.util.Set;

/** Loopback port checks for the local environment. */
public final class Ports {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final int SEARCH_SPAN = 100;

  private Ports() {}

  /** True when nothing holds {@code port} on 127.0.0.1 (a bind succeeds). */
  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      // as servers do: a listener makes the bind fail, connections in TIME_WAIT do not
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(LOOPBACK, port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** True when something accepts connections on 127.0.0.1:{@code port}. */
  public static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The first free port from {@code preferred} on, skipping {@code exclude}. */
  public static OptionalInt firstFreeFrom(int preferred, Set<Integer> exclude) {
    for (int port = preferred; port < preferred + SEARCH_SPAN && port <= 65535; port++) {
      if (!exclude.contains(port) && isFree(port)) {
        return OptionalInt.of(port);
      }
    }
    return OptionalInt.empty();
  }
}
