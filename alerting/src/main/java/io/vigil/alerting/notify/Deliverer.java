package io.vigil.alerting.notify;

import io.vigil.alerting.config.ReceiverConfig;
import io.vigil.alerting.dedup.DedupDecision;
import io.vigil.alerting.dedup.LogEntry;
import io.vigil.alerting.dedup.NotificationLog;
import io.vigil.alerting.model.Notification;
import io.vigil.alerting.notify.RetryPolicy.Verdict;
import io.vigil.alerting.ratelimit.ReceiverRateLimiter;
import io.vigil.alerting.receivers.OutboundRequest;
import io.vigil.alerting.receivers.ReceiverFormat;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications to one receiver, in submission order per group (so a resolve never overtakes its
 * trigger): rate limit, send, retry transient failures with backoff and Retry-After, log, dead-letter the rest.
 */
public final class Deliverer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);
  private final ReceiverConfig config;
  private final ReceiverFormat format;
  private final ReceiverRateLimiter limiter;
  private final RetryPolicy policy;
  private final HttpSender http;
  private final NotificationLog log;
  private final DeadLetterSink deadLetters;
  private final DeliveryStats stats;
  private final Stripe[] stripes;
  private final LogWriter logWriter;
  /** Deliveries sent whose log row is not written yet, by group key: newer than anything the log holds. */
  private final Map<String, LogEntry> unlogged = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public Deliverer(ReceiverConfig config, ReceiverFormat format, HttpSender http, NotificationLog log,
                   DeadLetterSink deadLetters, DeliveryStats stats) {
    this.config = config;
    this.format = format;
    this.limiter = new ReceiverRateLimiter(config.ratePerSecond());
    this.policy = new RetryPolicy(config.maxAttempts(), config.initialBackoff(), config.maxBackoff());
    this.http = http;
    this.log = log;
    this.deadLetters = deadLetters;
    this.stats = stats;
    // Striped by group key: notifications of one group stay in order, different groups go out in parallel.
    this.stripes = new Stripe[Math.max(1, config.concurrency())];
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Stripe("deliver-" + config.name() + "-" + i);
    }
    this.logWriter = new LogWriter("deliver-log-" + config.name());
  }

  /**
   * Queues a notification; {@code done} runs after it is delivered and logged, dead-lettered or found already sent.
   * The dedup lookups of the notifications waiting on a stripe are done in one query, and a delivered notification's
   * log row is written in the background (batched) so the next one is not held up by it; {@code done} still waits
   * for that row, so the offset behind it is committed only once a new owner would find it in the log.
   */
  public void submit(Notification n, Duration repeatInterval, Runnable done) {
    if (closed) {
      return; // shutting down: not done, so the offset stays uncommitted and the next owner sends it
    }
    stripes[Math.floorMod(n.groupKey().hashCode(), stripes.length)].queue.add(new Task(n, repeatInterval, done));
  }

  /** The delivery itself, synchronous, log row included. Returns the final outcome as written to the log. */
  public String deliver(Notification n, Duration repeatInterval) throws InterruptedException {
    LogEntry pending = unlogged.get(n.groupKey());
    Optional<LogEntry> last = pending != null ? Optional.of(pending) : log.lastDelivered(n.groupKey(), config.name());
    return deliver(n, repeatInterval, last, null);
  }

  /**
   * Delivers against {@code last}, the group's last logged delivery. With {@code afterLog} null the "sent" row is
   * written before returning; otherwise it is queued to the log writer, which runs {@code afterLog} once written.
   */
  private String deliver(Notification n, Duration repeatInterval, Optional<LogEntry> last, Runnable afterLog)
      throws InterruptedException {
    // The log is checked here, not when grouping, so a new owner after a crash or rebalance sees what was sent.
    if (!DedupDecision.shouldSend(n.alertsHash(), n.status(), last, repeatInterval, Instant.now())) {
      stats.deduplicated.incrementAndGet();
      LOG.debug("group {} to {}: already sent, skipped", n.groupKey(), config.name());
      return "duplicate";
    }
    OutboundRequest request = format.render(n);
    int attempt = 0;
    Integer lastStatus = null;
    String lastError = null;
    while (true) {
      attempt++;
      limiter.acquire();
      Duration retryAfter = null;
      Verdict verdict;
      try {
        HttpSender.Response r = http.post(request, config.timeout());
        lastStatus = r.status();
        verdict = RetryPolicy.classify(r.status(), format.accepted(r.status(), r.body()));
        lastError = verdict == Verdict.delivered ? null : "HTTP " + r.status() + ": " + abbreviate(r.body());
        retryAfter = RetryPolicy.parseRetryAfter(r.retryAfter(), Instant.now());
      } catch (IOException e) {
        verdict = Verdict.retry;
        lastStatus = null;
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      if (verdict == Verdict.delivered) {
        if (afterLog == null) {
          log.record(n, "sent", attempt, lastStatus, null);
        } else {
          LogEntry entry = new LogEntry(n.alertsHash(), n.status(), "sent", Instant.now());
          unlogged.put(n.groupKey(), entry);
          logWriter.enqueue(new NotificationLog.Row(n, "sent", attempt, lastStatus, null), entry, afterLog);
        }
        stats.sent.incrementAndGet();
        LOG.info("sent {} notification for group {} to {} ({} alerts, attempt {})", n.status(), n.groupKey(),
            config.name(), n.alerts().size(), attempt);
        return "sent";
      }
      if (verdict == Verdict.reject || attempt >= policy.maxAttempts()) {
        String reason = (verdict == Verdict.reject ? "rejected, not retried: " : "gave up after " + attempt
            + " attempts: ") + lastError;
        LOG.error("notification for group {} to receiver {} {}", n.groupKey(), config.name(), reason);
        log.record(n, "dead_letter", attempt, lastStatus, reason);
        deadLetters.publish(n, request.body(), reason);
        stats.deadLettered.incrementAndGet();
        return "dead_letter";
      }
      Duration wait = policy.delay(attempt, retryAfter, ThreadLocalRandom.current());
      stats.retries.incrementAndGet();
      LOG.warn("receiver {} answered {} for group {}, retry {} in {} ms", config.name(), lastError, n.groupKey(),
          attempt + 1, wait.toMillis());
      Thread.sleep(wait.toMillis());
    }
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  @Override
  public void close() {
    closed = true;
    for (Stripe st : stripes) {
      st.thread.interrupt();
    }
    try {
      for (Stripe st : stripes) {
        st.thread.join(5_000);
      }
      // Rows of notifications already sent are still written, so a restart does not send them again.
      logWriter.stopping = true;
      logWriter.thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Task(Notification n, Duration repeatInterval, Runnable done) {}

  /** One worker: the notifications of the groups hashed to it, in order. */
  private final class Stripe implements Runnable {
    private static final int MAX_BATCH = 64;
    final LinkedBlockingDeque<Task> queue = new LinkedBlockingDeque<>();
    final Thread thread;

    Stripe(String name) {
      thread = new Thread(this, name);
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void run() {
      try {
        while (!closed) {
          List<Task> batch = take();
          // Pending rows first: a row written after this snapshot is already visible to the query below.
          Map<String, LogEntry> known = new HashMap<>();
          for (Task t : batch) {
            LogEntry e = unlogged.get(t.n().groupKey());
            if (e != null) {
              known.put(t.n().groupKey(), e);
            }
          }
          Map<String, LogEntry> logged;
          try {
            logged = known.size() == batch.size() ? Map.of() : log.lastDelivered(
                batch.stream().map(t -> t.n().groupKey()).filter(k -> !known.containsKey(k)).toList(), config.name());
          } catch (RuntimeException e) {
            for (Task t : batch) {
              LOG.error("delivery to {} failed unexpectedly for group {}", config.name(), t.n().groupKey(), e);
              t.done().run();
            }
            continue;
          }
          for (Task t : batch) {
            String key = t.n().groupKey();
            LogEntry last = known.containsKey(key) ? known.get(key) : logged.get(key);
            String outcome;
            try {
              outcome = deliver(t.n(), t.repeatInterval(), Optional.ofNullable(last), t.done());
            } catch (RuntimeException e) {
              LOG.error("delivery to {} failed unexpectedly for group {}", config.name(), key, e);
              outcome = "failed";
            }
            if (!outcome.equals("sent")) {
              t.done().run();
            }
          }
        }
      } catch (InterruptedException e) {
        // shutting down: what is not done stays uncommitted, and the next owner sends it
      }
    }

    /** The next notifications in order, at most one per group (the second waits for the first's outcome). */
    private List<Task> take() throws InterruptedException {
      List<Task> batch = new ArrayList<>();
      Set<String> keys = new HashSet<>();
      Task t = queue.take();
      batch.add(t);
      keys.add(t.n().groupKey());
      while (batch.size() < MAX_BATCH && (t = queue.peekFirst()) != null && keys.add(t.n().groupKey())) {
        batch.add(queue.pollFirst());
      }
      return batch;
    }
  }

  private record Logged(NotificationLog.Row row, LogEntry entry, Runnable done) {}

  /** Writes "sent" rows in batches, in order, then releases their offsets; retries a failed write a few times. */
  private final class LogWriter implements Runnable {
    private static final int MAX_BATCH = 256;
    private static final int MAX_TRIES = 6;
    final LinkedBlockingQueue<Logged> queue = new LinkedBlockingQueue<>();
    final Thread thread;
    volatile boolean stopping;

    LogWriter(String name) {
      thread = new Thread(this, name);
      thread.setDaemon(true);
      thread.start();
    }

    void enqueue(NotificationLog.Row row, LogEntry entry, Runnable done) {
      queue.add(new Logged(row, entry, done));
    }

    @Override
    public void run() {
      List<Logged> batch = new ArrayList<>();
      try {
        while (!(stopping && queue.isEmpty())) {
          Logged first = queue.poll(50, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
          write(batch);
          batch.clear();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void write(List<Logged> batch) throws InterruptedException {
      List<NotificationLog.Row> rows = batch.stream().map(Logged::row).toList();
      for (int attempt = 1; ; attempt++) {
        try {
          log.recordAll(rows);
          break;
        } catch (RuntimeException e) {
          if (attempt >= MAX_TRIES || stopping) {
            // As before this writer existed: the notifications went out, so their offsets are released anyway.
            LOG.error("notification log write for {} notifications to {} failed: {}", rows.size(), config.name(),
                e.getMessage());
            break;
          }
          LOG.warn("notification log write failed (attempt {}), retrying: {}", attempt, e.getMessage());
          Thread.sleep(100L << attempt);
        }
      }
      for (Logged l : batch) {
        unlogged.remove(l.row().notification().groupKey(), l.entry());
        try {
          l.done().run();
        } catch (RuntimeException e) {
          LOG.error("completion callback failed for group {}", l.row().notification().groupKey(), e);
        }
      }
    }
  }
}
