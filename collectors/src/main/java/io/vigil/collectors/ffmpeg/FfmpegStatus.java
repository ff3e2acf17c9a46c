package io.vigil.collectors.ffmpeg;

import io.vigil.schemas.avro.HealthStatus;
import java.time.Duration;
import java.time.Instant;

/** Pure status decision for a watched FFmpeg: exited/failed by exit code, stalled when progress stops, else running. */
public final class FfmpegStatus {
  private FfmpegStatus() {}

  public static HealthStatus of(Integer exitCode, Instant startedAt, Instant lastProgress, Instant now,
      Duration stallAfter) {
    if (exitCode != null) {
      return exitCode == 0 ? HealthStatus.exited : HealthStatus.failed;
    }
    Instant since = lastProgress != null ? lastProgress : startedAt;
    if (Duration.between(since, now).compareTo(stallAfter) > 0) {
      return HealthStatus.stalled;
    }
    return lastProgress == null ? HealthStatus.starting : HealthStatus.running;
  }
}
