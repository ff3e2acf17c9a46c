package io.vigil.alerting.notify;

import io.vigil.alerting.config.ReceiverConfig;
import io.vigil.alerting.dedup.DedupDecision;
import io.vigil.alerting.dedup.NotificationLog;
import io.vigil.alerting.model.Notification;
import io.vigil.alerting.notify.RetryPolicy.Verdict;
import io.vigil.alerting.ratelimit.ReceiverRateLimiter;
import io.vigil.alerting.receivers.OutboundRequest;
import io.vigil.alerting.receivers.ReceiverFormat;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
  private final ExecutorService[] workers;

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
    this.workers = new ExecutorService[Math.max(1, config.concurrency())];
    for (int i = 0; i < workers.length; i++) {
      String name = "deliver-" + config.name() + "-" + i;
      workers[i] = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
      });
    }
  }

  /** Queues a notification; {@code done} runs after it is delivered, dead-lettered or found already sent. */
  public void submit(Notification n, Duration repeatInterval, Runnable done) {
    workers[Math.floorMod(n.groupKey().hashCode(), workers.length)].execute(() -> {
      try {
        deliver(n, repeatInterval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // shutting down: do not mark done, so the offset stays uncommitted and the next owner sends it
      } catch (RuntimeException e) {
        LOG.error("delivery to {} failed unexpectedly for group {}", config.name(), n.groupKey(), e);
      }
      done.run();
    });
  }

  /** The delivery itself, synchronous. Returns the final outcome as written to the log. */
  public String deliver(Notification n, Duration repeatInterval) throws InterruptedException {
    // The log is checked here, not when grouping, so a new owner after a crash or rebalance sees what was sent.
    if (!DedupDecision.shouldSend(n.alertsHash(), n.status(), log.lastDelivered(n.groupKey(), config.name()),
        repeatInterval, Instant.now())) {
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
        log.record(n, "sent", attempt, lastStatus, null);
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
    for (ExecutorService w : workers) {
      w.shutdownNow();
    }
    try {
      for (ExecutorService w : workers) {
        w.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
