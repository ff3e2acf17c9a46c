package io.vigil.devstack.ports;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port checks with messages an operator can act on. */
public final class Ports {
  private Ports() {}

  /** Fails with a clear message when the port is already taken. */
  public static void requireFree(int port, String what, String envVar) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw new IllegalStateException("port " + port + " (" + what + ") is already in use by another process: "
          + "stop it (`./vigil down` if it is an earlier Vigil stack) or choose another port with " + envVar);
    }
  }

  public static boolean isOpen(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A port that was free a moment ago (for tests). */
  public static int free() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
