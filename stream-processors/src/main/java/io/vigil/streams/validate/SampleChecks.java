package io.vigil.streams.validate;

import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.LifecycleEvent;
import io.vigil.schemas.avro.MetricSample;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.rules.RuleShape;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure checks of decoded records: required keys, value ranges, timestamp sanity. Returns the problems found (empty
 * when valid) so the caller decides where the record goes; nothing here throws for bad data.
 */
public final class SampleChecks {
  private final Duration maxAge;
  private final Duration maxFuture;

  public SampleChecks(Duration maxAge, Duration maxFuture) {
    this.maxAge = maxAge;
    this.maxFuture = maxFuture;
  }

  public List<String> quality(QualitySample s, long now) {
    List<String> p = new ArrayList<>();
    required(p, "stream_id", s.getStreamId());
    required(p, "node_id", s.getNodeId());
    time(p, s.getTs(), now);
    range(p, "loss_pct", s.getLossPct(), 0, 100);
    range(p, "jitter_ms", s.getJitterMs(), 0, 60_000);
    range(p, "rtt_ms", s.getRttMs(), 0, 60_000);
    range(p, "bitrate_kbps", s.getBitrateKbps(), 0, 10_000_000);
    range(p, "concealment_pct", s.getConcealmentPct(), 0, 100);
    range(p, "jitter_buffer_ms", s.getJitterBufferMs(), 0, 60_000);
    range(p, "frames_per_second", s.getFramesPerSecond(), 0, 1000);
    range(p, "audio_level", s.getAudioLevel(), 0, 1);
    range(p, "mos", s.getMos(), 1, 5);
    nonNegative(p, "packets_received", s.getPacketsReceived());
    nonNegative(p, "packets_lost", s.getPacketsLost());
    nonNegative(p, "interval_ms", s.getIntervalMs());
    return p;
  }

  public List<String> health(HealthSample s, long now) {
    List<String> p = new ArrayList<>();
    required(p, "node_id", s.getNodeId());
    required(p, "instance", s.getInstance());
    time(p, s.getTs(), now);
    range(p, "cpu_pct", s.getCpuPct(), 0, 100 * 1024); // per-process CPU can exceed 100 % on many cores
    range(p, "rss_mb", s.getRssMb(), 0, 1e8);
    range(p, "fps", s.getFps(), 0, 10_000);
    range(p, "speed", s.getSpeed(), 0, 10_000);
    range(p, "disk_free_mb", s.getDiskFreeMb(), 0, 1e12);
    range(p, "disk_used_mb", s.getDiskUsedMb(), 0, 1e12);
    return p;
  }

  public List<String> metric(MetricSample s, long now) {
    List<String> p = new ArrayList<>();
    required(p, "source", s.getSource());
    required(p, "name", s.getName());
    time(p, s.getTs(), now);
    if (s.getValue() != null && (s.getValue().isNaN() || s.getValue().isInfinite())) {
      p.add("value is not a finite number");
    }
    return p;
  }

  public List<String> lifecycle(LifecycleEvent e, long now) {
    List<String> p = new ArrayList<>();
    required(p, "entity_id", e.getEntityId());
    required(p, "stream_id", e.getStreamId());
    if (e.getTs() == null || e.getTs().toEpochMilli() > now + maxFuture.toMillis()) {
      p.add("ts is missing or in the future");
    }
    return p;
  }

  public List<String> rule(AlertRule r) {
    List<String> p = new ArrayList<>();
    required(p, "rule_id", r.getRuleId());
    required(p, "name", r.getName());
    required(p, "metric", r.getMetric());
    if (r.getSource() != null && r.getAggregation() != null) {
      String agg = RuleShape.aggregationProblem(r.getSource(), r.getAggregation());
      if (agg != null) {
        p.add(agg);
      }
      String window = RuleShape.windowProblem(r.getSource(), r.getWindow());
      if (window != null) {
        p.add(window);
      }
    }
    if (r.getForS() < 0 || r.getKeepFiringForS() < 0 || r.getAbsentForS() != null && r.getAbsentForS() < 0) {
      p.add("durations must not be negative");
    }
    for (var m : r.getMatchers()) {
      if (m.getOp().name().endsWith("re")) {
        try {
          java.util.regex.Pattern.compile(m.getValue());
        } catch (java.util.regex.PatternSyntaxException e) {
          p.add("invalid regex for label " + m.getLabel() + ": " + e.getDescription());
        }
      }
    }
    return p;
  }

  private void time(List<String> p, Instant ts, long now) {
    if (ts == null) {
      p.add("ts is missing");
      return;
    }
    long t = ts.toEpochMilli();
    if (t > now + maxFuture.toMillis()) {
      p.add("ts " + ts + " is more than " + maxFuture.toSeconds() + " s in the future");
    } else if (t < now - maxAge.toMillis()) {
      p.add("ts " + ts + " is older than " + maxAge.toHours() + " h");
    }
  }

  private static void required(List<String> p, String field, String value) {
    if (value == null || value.isBlank()) {
      p.add(field + " is required");
    }
  }

  private static void range(List<String> p, String field, Double v, double min, double max) {
    if (v != null && (v.isNaN() || v < min || v > max)) {
      p.add(field + " = " + v + " is outside [" + min + ", " + max + "]");
    }
  }

  private static void nonNegative(List<String> p, String field, Long v) {
    if (v != null && v < 0) {
      p.add(field + " = " + v + " must not be negative");
    }
  }
}
