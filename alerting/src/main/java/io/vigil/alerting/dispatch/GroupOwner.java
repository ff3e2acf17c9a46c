package io.vigil.alerting.dispatch;

import io.vigil.alerting.config.AlertingConfig;
import io.vigil.alerting.config.ReceiverConfig;
import io.vigil.alerting.group.AggregationGroup;
import io.vigil.alerting.inhibit.Inhibitor;
import io.vigil.alerting.model.Alert;
import io.vigil.alerting.notify.Deliverer;
import io.vigil.alerting.notify.DeliveryStats;
import io.vigil.alerting.route.Route;
import io.vigil.alerting.silence.SilenceSet;
import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2: owns the aggregation groups of the partitions assigned to this instance. Applies events to groups,
 * flushes due groups through inhibition/silences to the receivers' deliverers, and commits only offsets whose
 * notifications are done. On revocation it waits for in-flight deliveries, commits, and drops the groups; the next
 * owner rebuilds them from the uncommitted events, and the notification log stops it from re-sending.
 */
public final class GroupOwner implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupOwner.class);
  private final String groupsTopic;
  private final Consumer<byte[], byte[]> consumer;
  private final Deserializer<AlertEvent> deserializer;
  private final AlertingConfig config;
  private final Inhibitor inhibitor;
  private final Map<String, Deliverer> deliverers;
  private final Supplier<SilenceSet> silences;
  private final DeliveryStats stats;
  private final Duration pollTimeout;
  private final Map<Integer, Map<String, AggregationGroup>> groups = new HashMap<>();
  private final Map<Integer, PartitionProgress> progress = new ConcurrentHashMap<>();
  private final Map<Integer, Long> lastCommitted = new HashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private volatile boolean killed;
  private final java.util.Set<Integer> assigned = ConcurrentHashMap.newKeySet();

  public GroupOwner(String groupsTopic, Consumer<byte[], byte[]> consumer, Deserializer<AlertEvent> deserializer, AlertingConfig config,
                    Map<String, Deliverer> deliverers, Supplier<SilenceSet> silences, DeliveryStats stats,
                    Duration pollTimeout) {
    this.groupsTopic = groupsTopic;
    this.consumer = consumer;
    this.deserializer = deserializer;
    this.config = config;
    this.inhibitor = new Inhibitor(config.inhibitRules());
    this.deliverers = deliverers;
    this.silences = silences;
    this.stats = stats;
    this.pollTimeout = pollTimeout;
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(groupsTopic), new Handover());
      while (running.get()) {
        var batch = consumer.poll(pollTimeout);
        if (killed) {
          break;
        }
        Instant now = Instant.now();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
          apply(r, now);
        }
        flushDue(Instant.now());
        commitSafe(false);
      }
    } catch (WakeupException e) {
      // shutdown
    } catch (RuntimeException e) {
      LOG.error("group owner stopped", e);
    } finally {
      if (!killed) {
        drainAndCommitAll();
      }
      // Even a simulated crash leaves the group, so the test need not wait for the session timeout.
      consumer.close(killed ? Duration.ofSeconds(2) : Duration.ofSeconds(5));
    }
  }

  private void apply(ConsumerRecord<byte[], byte[]> r, Instant now) {
    var header = r.headers().lastHeader(GroupRecords.ROUTE_HEADER);
    Route route = header == null ? null : config.routes().byId(new String(header.value(), StandardCharsets.UTF_8));
    AlertEvent event;
    try {
      event = deserializer.deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      stats.badInput.incrementAndGet();
      LOG.warn("undecodable grouped record {}-{}@{} skipped: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
      return;
    }
    if (event == null || event.getStatus() == AlertStatus.pending) {
      return;
    }
    if (route == null) {
      // Routed under an older config whose route no longer exists: it is re-routed when its rule emits again.
      LOG.warn("record {}-{}@{} names an unknown route, skipped", r.topic(), r.partition(), r.offset());
      return;
    }
    Alert alert = Alert.from(event);
    String key = new String(r.key(), StandardCharsets.UTF_8);
    AggregationGroup g = groups.computeIfAbsent(r.partition(), p -> new HashMap<>())
        .computeIfAbsent(key, k -> new AggregationGroup(k, route, route.groupLabels(alert.labels()), now));
    g.apply(alert, r.offset());
  }

  private void flushDue(Instant now) {
    List<Alert> firing = null;
    SilenceSet silenceSet = silences.get();
    for (var partEntry : groups.entrySet()) {
      int partition = partEntry.getKey();
      Iterator<AggregationGroup> it = partEntry.getValue().values().iterator();
      while (it.hasNext()) {
        AggregationGroup g = it.next();
        if (!g.due(now)) {
          continue;
        }
        if (firing == null) {
          firing = firingAlerts();
        }
        AggregationGroup.Flush flush = g.flush(now);
        if (g.isEmpty()) {
          it.remove();
        }
        send(partition, g, flush, firing, silenceSet, now);
      }
    }
  }

  private void send(int partition, AggregationGroup g, AggregationGroup.Flush flush, Collection<Alert> firing,
                    SilenceSet silenceSet, Instant now) {
    ReceiverConfig rc = config.receivers().get(g.route().receiver());
    var plan = NotificationPlanner.plan(g.key(), g.route(), g.groupLabels(), flush.alerts(), rc,
        config.timeIntervals(), inhibitor, firing, silenceSet, now);
    if (plan.notification().isEmpty()) {
      if (plan.silenced() + plan.inhibited() > 0 || plan.muted()) {
        stats.suppressed.incrementAndGet();
        LOG.debug("group {}: nothing to send ({} silenced, {} inhibited, muted={})", g.key(), plan.silenced(),
            plan.inhibited(), plan.muted());
      }
      return;
    }
    Long offset = flush.oldestOffset();
    PartitionProgress p = progress.computeIfAbsent(partition, k -> new PartitionProgress());
    if (offset != null) {
      p.hold(offset);
    }
    deliverers.get(rc.name()).submit(plan.notification().get(), g.route().repeatInterval(), () -> {
      if (offset != null) {
        p.release(offset);
      }
    });
  }

  private List<Alert> firingAlerts() {
    if (config.inhibitRules().isEmpty()) {
      return List.of();
    }
    List<Alert> out = new ArrayList<>();
    for (var m : groups.values()) {
      for (AggregationGroup g : m.values()) {
        for (Alert a : g.alerts()) {
          if (a.firing()) {
            out.add(a);
          }
        }
      }
    }
    return out;
  }

  private void commitSafe(boolean sync) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : consumer.assignment()) {
      long safe = safeOffset(tp);
      // Commit only what moved: an idle loop polls every few ms and should not load the broker.
      if (sync || !Long.valueOf(safe).equals(lastCommitted.get(tp.partition()))) {
        offsets.put(tp, new OffsetAndMetadata(safe));
        lastCommitted.put(tp.partition(), safe);
      }
    }
    if (offsets.isEmpty()) {
      return;
    }
    if (sync) {
      consumer.commitSync(offsets);
    } else {
      consumer.commitAsync(offsets, null);
    }
  }

  private long safeOffset(TopicPartition tp) {
    Long unflushed = null;
    for (AggregationGroup g : groups.getOrDefault(tp.partition(), Map.of()).values()) {
      Long o = g.oldestUnflushedOffset();
      if (o != null && (unflushed == null || o < unflushed)) {
        unflushed = o;
      }
    }
    PartitionProgress p = progress.get(tp.partition());
    return PartitionProgress.safeOffset(consumer.position(tp), p == null ? null : p.oldest(), unflushed);
  }

  private void drainAndCommitAll() {
    try {
      flushDue(Instant.now());
      for (PartitionProgress p : progress.values()) {
        p.awaitDrained(Duration.ofSeconds(10));
      }
      commitSafe(true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("final commit failed: {}", e.getMessage());
    }
  }

  /** Number of groups held by this instance (for /status and tests). */
  public int groupCount() {
    return groups.values().stream().mapToInt(Map::size).sum();
  }

  /** Partitions this instance owns now. */
  public java.util.Set<Integer> assignedPartitions() {
    return java.util.Set.copyOf(assigned);
  }

  public void stop() {
    running.set(false);
    consumer.wakeup();
  }

  /** Simulated crash for tests: no flush, no commit, no revocation work. */
  public void kill() {
    killed = true;
    stop();
  }

  private final class Handover implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (killed) {
        return;
      }
      try {
        for (TopicPartition tp : partitions) {
          PartitionProgress p = progress.get(tp.partition());
          if (p != null && !p.awaitDrained(Duration.ofSeconds(10))) {
            LOG.warn("partition {} handed over with deliveries still running", tp.partition());
          }
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
          offsets.put(tp, new OffsetAndMetadata(safeOffset(tp)));
        }
        consumer.commitSync(offsets);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.warn("commit on revocation failed, the next owner replays more: {}", e.getMessage());
      }
      for (TopicPartition tp : partitions) {
        groups.remove(tp.partition());
        progress.remove(tp.partition());
        lastCommitted.remove(tp.partition());
        assigned.remove(tp.partition());
      }
      LOG.info("handed over partitions {}", partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      partitions.forEach(tp -> assigned.add(tp.partition()));
      LOG.info("owning partitions {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      for (TopicPartition tp : partitions) {
        groups.remove(tp.partition());
        progress.remove(tp.partition());
        lastCommitted.remove(tp.partition());
        assigned.remove(tp.partition());
      }
    }
  }
}
