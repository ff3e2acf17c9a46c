package io.vigil.collectors.ffmpeg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's end of {@code -progress tcp://127.0.0.1:PORT}: FFmpeg connects as a client (one connection per process
 * run) and writes the same key=value blocks as with {@code pipe:1}. Listens on loopback only; port 0 picks a free
 * port ({@link #port()}). A new connection supersedes the previous one (a restarted FFmpeg): blocks still arriving on
 * an older connection are dropped. FFmpeg refuses to start when nobody listens, so the agent must be up first.
 */
public final class ProgressServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressServer.class);

  private final ServerSocket server;
  private final Consumer<ProgressBlock> onBlock;
  private final String name;
  private final AtomicLong generation = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private volatile Socket current;
  private volatile boolean closed;

  public ProgressServer(String name, int port, Consumer<ProgressBlock> onBlock) throws IOException {
    this.name = name;
    this.onBlock = onBlock;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4);
    Thread t = new Thread(this::acceptLoop, "ffmpeg-progress-tcp-" + name);
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The URL to give FFmpeg's {@code -progress}. */
  public String url() {
    return "tcp://127.0.0.1:" + port();
  }

  /** Connections accepted so far (one per FFmpeg run). */
  public long connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        long gen = generation.incrementAndGet();
        connections.incrementAndGet();
        Socket old = current;
        current = s;
        if (old != null) {
          closeQuietly(old);
        }
        Thread r = new Thread(() -> read(s, gen), "ffmpeg-progress-conn-" + name);
        r.setDaemon(true);
        r.start();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("progress listener of '{}' failed: {}", name, e.toString());
        }
      }
    }
  }

  private void read(Socket s, long gen) {
    ProgressParser parser = new ProgressParser();
    try (s; BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        ProgressBlock b = parser.accept(line);
        if (b != null && gen == generation.get()) {
          onBlock.accept(b);
        }
      }
    } catch (IOException e) {
      LOG.debug("progress connection of '{}' closed: {}", name, e.toString());
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    Socket s = current;
    if (s != null) {
      closeQuietly(s);
    }
  }
}
