package io.vigil.bench.collectors;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator: a few threads, each with one keep-alive HTTP/1.1 connection, posting requests whose bytes are
 * built before the clock starts. Deliberately minimal (blocking socket, Content-Length responses only) because the
 * client shares the machine with the agent and the broker: java.net.http spent about as much CPU per request as
 * Micronaut did serving it, which the benchmark then charged to the agent.
 */
final class PushClients implements AutoCloseable {
  private final URI url;
  private final ExecutorService pool;
  private final ThreadLocal<Connection> connection;
  private final List<Connection> all = new ArrayList<>();

  PushClients(URI url, int threads) {
    this.url = url;
    this.pool = Executors.newFixedThreadPool(threads);
    this.connection = ThreadLocal.withInitial(this::open);
  }

  /** The whole request (headers and body) for one JSON body. */
  byte[] request(String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    byte[] head = ("POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
        + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[head.length + b.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(b, 0, out, head.length, b.length);
    return out;
  }

  /** Posts every request (spread over the threads) and waits for all answers; each must be 202. */
  void postAll(List<byte[]> requests) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < ((java.util.concurrent.ThreadPoolExecutor) pool).getCorePoolSize(); t++) {
      fs.add(pool.submit(() -> {
        Connection c = connection.get();
        for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
          int status = c.post(requests.get(i));
          if (status != 202) {
            throw new IllegalStateException("push answered " + status);
          }
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
  }

  private Connection open() {
    try {
      Connection c = new Connection(new Socket(url.getHost(), url.getPort()));
      synchronized (all) {
        all.add(c);
      }
      return c;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    synchronized (all) {
      for (Connection c : all) {
        c.close();
      }
    }
  }

  private static final class Connection {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      socket.setTcpNoDelay(true);
      this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    int post(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      String status = line();
      int code = Integer.parseInt(status.substring(9, 12));
      long length = 0;
      for (String h = line(); !h.isEmpty(); h = line()) {
        if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
          length = Long.parseLong(h.substring(15).trim());
        }
      }
      for (long skipped = 0; skipped < length; skipped++) {
        if (in.read() < 0) {
          throw new IOException("connection closed in a response body");
        }
      }
      return code;
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder(64);
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("connection closed by the agent");
        }
        if (b != '\r') {
          sb.append((char) b);
        }
      }
      return sb.toString();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing after the run: nothing left to read
      }
    }
  }
}
