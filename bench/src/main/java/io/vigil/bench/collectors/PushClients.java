package io.vigil.bench.collectors;

import io.vigil.bench.http.KeepAliveClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator: a few threads, each with one {@link KeepAliveClient} connection, posting requests whose bytes
 * are built before the clock starts. The client shares the machine with the agent and the broker: java.net.http spent
 * about as much CPU per request as Micronaut did serving it, which the benchmark then charged to the agent.
 */
final class PushClients implements AutoCloseable {
  private final URI url;
  private final ExecutorService pool;
  private final ThreadLocal<KeepAliveClient> connection;
  private final List<KeepAliveClient> all = new ArrayList<>();

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
        KeepAliveClient c = connection.get();
        for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
          int status = c.send(requests.get(i)).status();
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

  private KeepAliveClient open() {
    KeepAliveClient c = new KeepAliveClient(url.getHost(), url.getPort());
    synchronized (all) {
      all.add(c);
    }
    return c;
  }

  @Override
  public void close() {
    pool.shutdownNow();
    synchronized (all) {
      all.forEach(KeepAliveClient::close);
    }
  }
}
