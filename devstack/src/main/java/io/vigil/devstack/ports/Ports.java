package io.vigil.devstack.ports;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Port checks with messages an operator can act on. */
public final class Ports {
  private static final int MIN_PORT = 20000;
  private static final Random RANDOM = new Random();
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

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

  /**
   * A port that was free a moment ago and that no one else is handed out by this JVM (for tests and benchmarks). It
   * lies outside the kernel's ephemeral range: a port the kernel picked (bind to 0) is one it may also give the next
   * outgoing connection of an earlier-started service, before the service meant to listen on it starts (it happened:
   * a CDC health port taken by a Kafka client).
   */
  public static int free() {
    int[] range = pickRange(ephemeralRange());
    for (int attempt = 0; attempt < 500; attempt++) {
      int port = range[0] + RANDOM.nextInt(range[1] - range[0] + 1);
      if (HANDED_OUT.add(port) && bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port found in " + range[0] + "-" + range[1]);
  }

  /** Where to pick from: below the ephemeral range if there is room (there is with Linux's 32768-60999), else above. */
  static int[] pickRange(int[] ephemeral) {
    if (ephemeral[0] - 1 >= MIN_PORT + 1000) {
      return new int[] {MIN_PORT, ephemeral[0] - 1};
    }
    if (65535 - ephemeral[1] >= 1000) {
      return new int[] {ephemeral[1] + 1, 65535};
    }
    throw new IllegalStateException("the ephemeral port range " + ephemeral[0] + "-" + ephemeral[1]
        + " leaves no room for fixed ports");
  }

  /** The kernel's ephemeral port range; Linux's default where it cannot be read. */
  static int[] ephemeralRange() {
    try {
      String[] parts = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
      return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    } catch (IOException | RuntimeException e) {
      return new int[] {32768, 60999};
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
