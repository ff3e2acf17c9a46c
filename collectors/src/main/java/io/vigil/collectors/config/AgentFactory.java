package io.vigil.collectors.config;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.vigil.collectors.delivery.DiskSpool;
import io.vigil.collectors.delivery.KafkaDelivery;
import io.vigil.collectors.delivery.RecordSink;
import io.vigil.collectors.delivery.WireHeaders;
import io.vigil.collectors.webrtc.WebRtcIntervalCalculator;
import io.vigil.schemas.registry.RestSchemaRegistryClient;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Wires the agent's long-lived objects from {@link AgentConfig}. */
@Factory
public class AgentFactory {
  @Singleton
  @Requires(missingBeans = AgentConfig.class)
  AgentConfig config() {
    return AgentConfigLoader.load(System.getenv());
  }

  @Singleton
  @Bean(preDestroy = "close")
  KafkaDelivery delivery(AgentConfig c) {
    DiskSpool spool = new DiskSpool(c.spoolDir(), c.spoolMaxBytes(), c.spoolSegmentBytes(), c.spoolFsync());
    return new KafkaDelivery(spool, new WireHeaders(new RestSchemaRegistryClient(c.schemaRegistryUrl())),
        c.kafkaBootstrap(), Map.of());
  }

  @Singleton
  RecordSink sink(KafkaDelivery delivery) {
    return delivery;
  }

  /** One sequence per agent: collector_seq lets downstream spot gaps. */
  @Singleton
  AtomicLong collectorSequence() {
    return new AtomicLong();
  }

  @Singleton
  WebRtcIntervalCalculator webRtcCalculator(AgentConfig c, AtomicLong seq) {
    return new WebRtcIntervalCalculator(c.nodeId(), seq);
  }
}
