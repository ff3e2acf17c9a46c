package io.vigil.queryapi.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UtcSecondsTest {
  @Test
  void printsWholeSecondsExactlyAsInstantDoes() {
    Random random = new Random(7);
    char[] buf = new char[UtcSeconds.CHARS];
    long maxSecond = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      Instant t = Instant.ofEpochSecond((long) (random.nextDouble() * maxSecond));
      assertThat(new String(buf, 0, UtcSeconds.format(t, buf))).isEqualTo(t.toString());
    }
    Instant bucket = Instant.parse("2026-01-01T10:00:00Z");
    assertThat(new String(buf, 0, UtcSeconds.format(bucket, buf))).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(new String(buf, 0, UtcSeconds.format(Instant.EPOCH, buf))).isEqualTo("1970-01-01T00:00:00Z");
  }

  @Test
  void leavesFractionsAndFarDatesToInstant() {
    char[] buf = new char[UtcSeconds.CHARS];
    assertThat(UtcSeconds.format(Instant.parse("2026-01-01T10:00:00.5Z"), buf)).isEqualTo(-1);
    assertThat(UtcSeconds.format(Instant.ofEpochSecond(-1), buf)).isEqualTo(-1);
    assertThat(UtcSeconds.format(Instant.parse("+10000-01-01T00:00:00Z"), buf)).isEqualTo(-1);
  }
}
