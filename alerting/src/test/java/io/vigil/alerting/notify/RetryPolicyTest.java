package io.vigil.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alerting.notify.RetryPolicy.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void transientAnswersAreRetriedOthersAreNot() {
    assertThat(RetryPolicy.classify(429, false)).isEqualTo(Verdict.retry);
    assertThat(RetryPolicy.classify(503, false)).isEqualTo(Verdict.retry);
    assertThat(RetryPolicy.classify(500, false)).isEqualTo(Verdict.retry);
    for (int s : new int[] {400, 401, 403, 404}) {
      assertThat(RetryPolicy.classify(s, false)).isEqualTo(Verdict.reject);
    }
    assertThat(RetryPolicy.classify(200, true)).isEqualTo(Verdict.delivered);
    // Slack answering 200 with an error body is not a delivery, and not worth retrying either.
    assertThat(RetryPolicy.classify(200, false)).isEqualTo(Verdict.reject);
  }

  @Test
  void retryAfterWinsOverBackoff() {
    var p = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(5));
    assertThat(p.delay(1, Duration.ofSeconds(2), new Random(1))).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void backoffGrowsExponentiallyWithJitterAndIsCapped() {
    var p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1));
    Random r = new Random(42);
    for (int i = 0; i < 100; i++) {
      assertThat(p.delay(1, null, r).toMillis()).isBetween(50L, 100L);
      assertThat(p.delay(3, null, r).toMillis()).isBetween(200L, 400L);
      assertThat(p.delay(9, null, r).toMillis()).isBetween(500L, 1000L);
    }
  }

  @Test
  void parsesRetryAfterSecondsAndHttpDates() {
    Instant now = Instant.parse("2026-11-22T03:00:00Z");
    assertThat(RetryPolicy.parseRetryAfter("2", now)).isEqualTo(Duration.ofSeconds(2));
    assertThat(RetryPolicy.parseRetryAfter("Sun, 22 Nov 2026 03:00:30 GMT", now)).isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryPolicy.parseRetryAfter(null, now)).isNull();
    assertThat(RetryPolicy.parseRetryAfter("soon", now)).isNull();
  }
}
