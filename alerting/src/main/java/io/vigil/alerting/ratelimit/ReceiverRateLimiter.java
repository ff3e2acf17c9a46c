package io.vigil.alerting.ratelimit;

import io.github.bucket4j.Bucket;
import java.time.Duration;

/** Token bucket per receiver (Slack 1/s, PagerDuty 2/s by default): callers block until a token is free. */
public final class ReceiverRateLimiter {
  private final Bucket bucket;

  public ReceiverRateLimiter(double perSecond) {
    // Express fractional rates as tokens per longer period, e.g. 0.5/s = 1 per 2 s; burst is the whole-second rate.
    long tokens = Math.max(1, Math.round(perSecond));
    Duration period = Duration.ofNanos(Math.round(tokens / perSecond * 1_000_000_000L));
    this.bucket = Bucket.builder()
        .addLimit(limit -> limit.capacity(tokens).refillGreedy(tokens, period))
        .build();
  }

  public void acquire() throws InterruptedException {
    bucket.asBlocking().consume(1);
  }
}
