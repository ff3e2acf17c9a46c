package io.vigil.collectors.host;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.vigil.collectors.config.AgentConfig;
import io.vigil.collectors.delivery.RecordSink;
import io.vigil.schemas.avro.Component;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthStatus;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host metrics from /proc every interval as a HealthSample (component=host): CPU %, memory, network rates, and the
 * recordings directory (VIGIL_RECORDINGS_DIR) disk use. Disabled with VIGIL_HOST_METRICS=false.
 */
@Singleton
@Requires(property = "vigil.host-metrics.enabled", notEquals = "false")
public class HostSampler implements io.vigil.collectors.commands.CollectNowHandler {
  private static final Logger LOG = LoggerFactory.getLogger(HostSampler.class);
  private final RecordSink sink;
  private final AgentConfig config;
  private final AtomicLong seq;
  private final Path recordings;
  private HostProcParser.CpuTimes lastCpu;
  private HostProcParser.NetBytes lastNet;
  private long lastAtMs;

  public HostSampler(RecordSink sink, AgentConfig config, AtomicLong seq) {
    this.sink = sink;
    this.config = config;
    this.seq = seq;
    String dir = System.getenv("VIGIL_RECORDINGS_DIR");
    this.recordings = dir == null || dir.isBlank() ? null : Path.of(dir);
  }

  @Override
  public int collectNow(String streamId) {
    if (streamId != null) {
      return 0; // host metrics are per node, not per stream
    }
    sample();
    return 1;
  }

  @Scheduled(fixedDelay = "${vigil.host-metrics.interval:10s}", initialDelay = "2s")
  synchronized void sample() {
    try {
      Instant now = Instant.now();
      long nowMs = now.toEpochMilli();
      var cpu = HostProcParser.cpu(Files.readString(Path.of("/proc/stat")));
      var mem = HostProcParser.meminfo(Files.readString(Path.of("/proc/meminfo")));
      var net = HostProcParser.netDev(Files.readString(Path.of("/proc/net/dev")));
      Map<String, Double> extra = new HashMap<>();
      Long total = mem.get("MemTotal");
      Long avail = mem.get("MemAvailable");
      if (total != null && avail != null) {
        extra.put("mem_total_mb", total / 1024.0);
        extra.put("mem_used_mb", (total - avail) / 1024.0);
        extra.put("mem_used_pct", 100.0 * (total - avail) / total);
      }
      if (lastNet != null && nowMs > lastAtMs) {
        double s = (nowMs - lastAtMs) / 1000.0;
        extra.put("net_rx_kbps", Math.max(0, 8.0 * (net.rx() - lastNet.rx()) / 1000 / s));
        extra.put("net_tx_kbps", Math.max(0, 8.0 * (net.tx() - lastNet.tx()) / 1000 / s));
      }
      HealthSample.Builder h = HealthSample.newBuilder().setEventId(UUID.randomUUID().toString()).setTs(now)
          .setTenant(config.tenant()).setNodeId(config.nodeId()).setCollectorSeq(seq.incrementAndGet())
          .setComponent(Component.host).setInstance(config.nodeId()).setStatus(HealthStatus.running)
          .setCpuPct(HostProcParser.cpuPct(lastCpu, cpu))
          .setRssMb(total != null && avail != null ? (total - avail) / 1024.0 : null).setExtra(extra);
      if (recordings != null && Files.isDirectory(recordings)) {
        var r = RecordingsScan.scan(recordings, now);
        h.setDiskUsedMb(r.usedMb()).setDiskFreeMb(r.freeMb()).setRecordingSegments(r.segments())
            .setOldestSegmentAgeS(r.oldestAgeS());
      }
      lastCpu = cpu;
      lastNet = net;
      lastAtMs = nowMs;
      sink.publish(List.of(h.build()));
    } catch (IOException | RuntimeException e) {
      LOG.warn("host sample failed: {}", e.toString());
    }
  }
}
