package io.vigil.streams.window;

import io.vigil.schemas.avro.Component;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthStatus;
import io.vigil.schemas.avro.HealthWindow;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pure mapping between health samples, their 1-minute aggregates and the emitted {@link HealthWindow}. */
public final class HealthWindows {
  /** The metrics aggregated with min/avg/max/p95. */
  public static final List<String> METRICS = List.of("cpu_pct", "rss_mb", "fps", "speed", "bitrate_kbps",
      "disk_free_mb");

  private HealthWindows() {}

  public static Map<String, String> dims(HealthSample s) {
    Map<String, String> d = new HashMap<>();
    QualityWindows.put(d, "tenant", s.getTenant());
    QualityWindows.put(d, "node_id", s.getNodeId());
    QualityWindows.put(d, "component", s.getComponent().name());
    QualityWindows.put(d, "instance", s.getInstance());
    QualityWindows.put(d, "stream_id", s.getStreamId());
    return d;
  }

  public static void add(WindowAggregate a, HealthSample s) {
    a.count++;
    long ts = s.getTs().toEpochMilli();
    if (ts >= a.lastTs) {
      a.lastTs = ts;
      a.lastStatus = s.getStatus().name();
    }
    a.add("cpu_pct", s.getCpuPct());
    a.add("rss_mb", s.getRssMb());
    a.add("fps", s.getFps());
    a.add("speed", s.getSpeed());
    a.add("bitrate_kbps", s.getBitrateKbps());
    a.add("disk_free_mb", s.getDiskFreeMb());
    a.max("drop_frames", s.getDropFrames());
    a.max("restarts", s.getRestarts() == null ? null : s.getRestarts().longValue());
  }

  public static HealthWindow toAvro(WindowAggregate a) {
    Map<String, String> d = a.dims;
    Long restarts = a.counter("restarts");
    return HealthWindow.newBuilder()
        .setEventId(QualityWindows.deterministicId(a))
        .setTs(Instant.ofEpochMilli(a.end()))
        .setTenant(d.getOrDefault("tenant", "default"))
        .setNodeId(d.get("node_id"))
        .setComponent(Component.valueOf(d.get("component")))
        .setInstance(d.get("instance"))
        .setStreamId(d.get("stream_id"))
        .setWindowStart(Instant.ofEpochMilli(a.start()))
        .setWindowEnd(Instant.ofEpochMilli(a.end()))
        .setWindow(a.window)
        .setCount(a.count)
        .setLastStatus(a.lastStatus == null ? HealthStatus.unknown : HealthStatus.valueOf(a.lastStatus))
        .setCpuPct(QualityWindows.stats(a, "cpu_pct"))
        .setRssMb(QualityWindows.stats(a, "rss_mb"))
        .setFps(QualityWindows.stats(a, "fps"))
        .setSpeed(QualityWindows.stats(a, "speed"))
        .setBitrateKbps(QualityWindows.stats(a, "bitrate_kbps"))
        .setDiskFreeMb(QualityWindows.stats(a, "disk_free_mb"))
        .setDropFrames(a.counter("drop_frames"))
        .setRestarts(restarts == null ? null : restarts.intValue())
        .build();
  }
}
