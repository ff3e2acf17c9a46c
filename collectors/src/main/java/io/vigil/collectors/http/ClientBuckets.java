package io.vigil.collectors.http;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One token bucket per client key; answers how many seconds to wait when a client is over its limit (0 = go). */
public class ClientBuckets {
  private static final int MAX_CLIENTS = 100_000;
  private final long perSecond;
  private final long burst;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public ClientBuckets(long perSecond, long burst) {
    this.perSecond = perSecond;
    this.burst = burst;
  }

  public long tryConsume(String client) {
    if (buckets.size() > MAX_CLIENTS) {
      buckets.clear(); // bounded memory against clients rotating keys
    }
    Bucket b = buckets.computeIfAbsent(client, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build()).build());
    ConsumptionProbe probe = b.tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? 0 : Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
  }
}
