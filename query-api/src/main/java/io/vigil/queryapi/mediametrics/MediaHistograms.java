package io.vigil.queryapi.mediametrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;

/**
 * The media histograms on /metrics. Buckets sit at the thresholds operators alert on (5 % loss, 30 ms jitter,
 * 300 ms RTT), so Prometheus can compute the share of bad samples exactly.
 */
public class MediaHistograms {
  private final DistributionSummary loss;
  private final DistributionSummary jitter;
  private final DistributionSummary rtt;
  private final DistributionSummary bitrate;

  public MediaHistograms(MeterRegistry registry) {
    loss = summary(registry, "stream.audio.packet.loss.percent", "Audio packet loss per sample interval, percent",
        0.5, 1, 2, 5, 10, 20, 50);
    jitter = summary(registry, "stream.audio.jitter.ms", "Audio jitter, milliseconds", 5, 10, 20, 30, 50, 100, 200);
    rtt = summary(registry, "stream.network.rtt.ms", "Network round-trip time, milliseconds",
        50, 100, 150, 200, 300, 500, 1000);
    bitrate = summary(registry, "stream.audio.bitrate.kbps", "Audio bitrate, kilobits per second",
        8, 16, 24, 32, 48, 64, 128, 256);
  }

  private static DistributionSummary summary(MeterRegistry registry, String name, String help, double... slos) {
    return DistributionSummary.builder(name).description(help).serviceLevelObjectives(slos).register(registry);
  }

  /** Records the numbers a sample has; unknown (null) values are skipped, never recorded as 0. */
  public void record(QualitySample s) {
    if (s.getRttMs() != null) {
      rtt.record(s.getRttMs());
    }
    if (s.getKind() != MediaKind.audio) {
      return;
    }
    if (s.getLossPct() != null) {
      loss.record(s.getLossPct());
    }
    if (s.getJitterMs() != null) {
      jitter.record(s.getJitterMs());
    }
    if (s.getBitrateKbps() != null) {
      bitrate.record(s.getBitrateKbps());
    }
  }
}
