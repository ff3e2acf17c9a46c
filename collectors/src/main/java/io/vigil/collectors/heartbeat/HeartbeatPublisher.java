package io.vigil.collectors.heartbeat;

import io.micronaut.scheduling.annotation.Scheduled;
import io.vigil.collectors.config.AgentConfig;
import io.vigil.collectors.delivery.DeliveryStats;
import io.vigil.collectors.delivery.KafkaDelivery;
import io.vigil.collectors.http.RejectCounter;
import io.vigil.schemas.avro.Component;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthStatus;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** The agent's own HealthSample (component=collector) every few seconds, with spool depth, drops and errors. */
@Singleton
public class HeartbeatPublisher {
  private final KafkaDelivery delivery;
  private final AgentConfig config;
  private final RejectCounter rejects;
  private final AtomicLong seq;
  private final Instant started = Instant.now();

  public HeartbeatPublisher(KafkaDelivery delivery, AgentConfig config, RejectCounter rejects, AtomicLong seq) {
    this.delivery = delivery;
    this.config = config;
    this.rejects = rejects;
    this.seq = seq;
  }

  /** Pure: the heartbeat for given counters. */
  public static HealthSample heartbeat(AgentConfig c, DeliveryStats d, Map<String, Long> rejected, long seq,
      Instant now, Instant started) {
    Map<String, Double> extra = new HashMap<>();
    extra.put("spool_pending", (double) d.pending());
    extra.put("spool_bytes", (double) d.spoolBytes());
    extra.put("spool_dropped", (double) d.dropped());
    extra.put("delivered", (double) d.delivered());
    extra.put("send_errors", (double) d.sendErrors());
    rejected.forEach((k, v) -> extra.put("rejected_" + k, v.doubleValue()));
    Runtime rt = Runtime.getRuntime();
    return HealthSample.newBuilder().setEventId(UUID.randomUUID().toString()).setTs(now).setTenant(c.tenant())
        .setNodeId(c.nodeId()).setCollectorSeq(seq).setComponent(Component.collector).setInstance("vigil-collector")
        .setStatus(d.dropped() > 0 || d.pending() > 10_000 ? HealthStatus.stalled : HealthStatus.running)
        .setRssMb((rt.totalMemory() - rt.freeMemory()) / 1048576.0)
        .setThreads(ManagementFactory.getThreadMXBean().getThreadCount())
        .setUptimeS((now.toEpochMilli() - started.toEpochMilli()) / 1000.0).setExtra(extra).build();
  }

  @Scheduled(fixedDelay = "${vigil.heartbeat-interval:5s}", initialDelay = "1s")
  void beat() {
    delivery.publish(List.of(heartbeat(config, delivery.stats(), rejects.snapshot(), seq.incrementAndGet(),
        Instant.now(), started)));
  }
}
