package io.vigil.collectors.cdc;

/** What a captured table feeds: lifecycle events (with a column mapping), alert rules, or the heartbeat table (dropped). */
public sealed interface TableRoute {
  /** Fully qualified table name, e.g. {@code public.streams}. */
  String table();

  /** Control-plane table -> LifecycleEvent on the lifecycle topic. */
  record Lifecycle(String table, LifecycleMapping mapping) implements TableRoute {}

  /** Vigil's alert_rules table -> AlertRule on the compacted rules topic; a delete becomes a tombstone. */
  record AlertRules(String table) implements TableRoute {}

  /** The heartbeat table: its changes only advance the slot and are not published. */
  record Heartbeat(String table) implements TableRoute {}
}
