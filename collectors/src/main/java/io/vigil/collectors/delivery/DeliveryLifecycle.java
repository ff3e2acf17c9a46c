package io.vigil.collectors.delivery;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import jakarta.annotation.PreDestroy;

/**
 * Starts delivery with the agent and stops it gracefully (flush in-flight records, persist the spool cursor) when the
 * agent shuts down.
 */
@Context
public class DeliveryLifecycle implements ApplicationEventListener<ShutdownEvent> {
  private final KafkaDelivery delivery;

  public DeliveryLifecycle(KafkaDelivery delivery) {
    this.delivery = delivery;
  }

  @Override
  public void onApplicationEvent(ShutdownEvent event) {
    delivery.close();
  }

  @PreDestroy
  void stop() {
    delivery.close();
  }
}
