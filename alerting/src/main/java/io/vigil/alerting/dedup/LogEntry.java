package io.vigil.alerting.dedup;

import java.time.Instant;

/** The last notification recorded for a group and receiver. */
public record LogEntry(String alertsHash, String status, String outcome, Instant sentAt) {}
