package io.vigil.collectors.delivery;

/** Counters of the delivery path, as reported by the heartbeat. */
public record DeliveryStats(long spooled, long delivered, long pending, long dropped, long sendErrors, long spoolBytes) {}
