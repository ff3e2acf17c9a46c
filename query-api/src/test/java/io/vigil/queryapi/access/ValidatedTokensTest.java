package io.vigil.queryapi.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.security.authentication.Authentication;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidatedTokensTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  @Test
  void keepsAnAuthenticationUntilMaxAge() {
    ValidatedTokens cache = new ValidatedTokens(Duration.ofSeconds(60), 100);
    Authentication a = auth(NOW.plusSeconds(3600));
    cache.put("t", a, NOW);
    assertThat(cache.get("t", NOW.plusSeconds(59))).isSameAs(a);
    assertThat(cache.get("t", NOW.plusSeconds(60))).isNull();
    assertThat(cache.get("other", NOW)).isNull();
  }

  @Test
  void neverOutlivesTheTokensOwnExpiry() {
    ValidatedTokens cache = new ValidatedTokens(Duration.ofSeconds(60), 100);
    cache.put("t", auth(NOW.plusSeconds(5)), NOW);
    assertThat(cache.get("t", NOW.plusSeconds(4))).isNotNull();
    assertThat(cache.get("t", NOW.plusSeconds(5))).isNull();
    cache.put("expired", auth(NOW.minusSeconds(1)), NOW);
    assertThat(cache.get("expired", NOW)).isNull();
  }

  @Test
  void expiryClaimInAnyFormMicronautUses() {
    assertThat(ValidatedTokens.expiry(Authentication.build("u", Map.of("exp", Date.from(NOW))))).isEqualTo(NOW);
    assertThat(ValidatedTokens.expiry(Authentication.build("u", Map.of("exp", NOW.getEpochSecond()))))
        .isEqualTo(NOW);
    assertThat(ValidatedTokens.expiry(Authentication.build("u", Map.of()))).isNull();
  }

  @Test
  void zeroMaxAgeTurnsItOff() {
    ValidatedTokens cache = new ValidatedTokens(Duration.ZERO, 100);
    cache.put("t", auth(NOW.plusSeconds(3600)), NOW);
    assertThat(cache.get("t", NOW)).isNull();
  }

  @Test
  void staysBoundedWhenFull() {
    ValidatedTokens cache = new ValidatedTokens(Duration.ofSeconds(60), 3);
    for (int i = 0; i < 10; i++) {
      cache.put("t" + i, auth(NOW.plusSeconds(3600)), NOW);
      assertThat(cache.size()).isLessThanOrEqualTo(3);
    }
    assertThat(cache.get("t9", NOW)).isNotNull();
  }

  private static Authentication auth(Instant exp) {
    return Authentication.build("vera", List.of("viewer"), Map.of("exp", Date.from(exp)));
  }
}
