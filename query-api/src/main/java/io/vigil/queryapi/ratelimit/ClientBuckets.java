package io.vigil.queryapi.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One token bucket per client key; answers how long to wait when a client is over its limit. */
public class ClientBuckets {
  private final long perMinute;
  private final long burst;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private static final int MAX_CLIENTS = 100_000;

  public ClientBuckets(long perMinute, long burst) {
    this.perMinute = perMinute;
    this.burst = burst;
  }

  /** Empty when the request may proceed; otherwise the seconds to wait (at least 1). */
  public long tryConsume(String client) {
    if (buckets.size() > MAX_CLIENTS) {
      // Bounded memory against clients rotating keys: start afresh rather than grow without limit.
      buckets.clear();
    }
    Bucket b = buckets.computeIfAbsent(client, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
        .build());
    ConsumptionProbe probe = b.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return 0;
    }
    return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
  }
}
