package io.vigil.sink.rows;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A target table of the sink: its columns (in the order mappers produce values), their SQL types (for casts on the
 * INSERT path) and how rows are written: appended (COPY or multi-row INSERT) or upserted one statement per row.
 */
public enum Table {
  QUALITY_SAMPLES("quality_samples", Kind.APPEND, null,
      "event_id:uuid", "ts:timestamptz", "tenant:text", "node_id:text", "collector_seq:bigint", "labels:jsonb",
      "stream_id:text", "session_id:text", "room:text", "participant_id:text", "track_id:text", "ssrc:bigint",
      "kind:text", "direction:text", "source:text", "codec:text", "interval_ms:bigint", "packets_received:bigint",
      "packets_lost:bigint", "loss_pct:float8", "jitter_ms:float8", "rtt_ms:float8", "bitrate_kbps:float8",
      "audio_level:float8", "concealment_pct:float8", "jitter_buffer_ms:float8", "frames_per_second:float8",
      "frame_width:integer", "frame_height:integer", "frames_dropped:bigint", "freeze_count:bigint",
      "nack_count:bigint", "pli_count:bigint", "quality_limitation:text", "relay:boolean", "mos:float8"),
  HEALTH_SAMPLES("health_samples", Kind.APPEND, null,
      "event_id:uuid", "ts:timestamptz", "tenant:text", "node_id:text", "collector_seq:bigint", "labels:jsonb",
      "component:text", "instance:text", "stream_id:text", "status:text", "exit_code:integer", "cpu_pct:float8",
      "rss_mb:float8", "threads:integer", "uptime_s:float8", "fps:float8", "speed:float8", "bitrate_kbps:float8",
      "out_time_ms:bigint", "frames:bigint", "drop_frames:bigint", "dup_frames:bigint", "restarts:integer",
      "producers:integer", "consumers:integer", "disk_used_mb:float8", "disk_free_mb:float8",
      "recording_segments:bigint", "oldest_segment_age_s:float8", "extra:jsonb"),
  METRIC_SAMPLES("metric_samples", Kind.APPEND, null,
      "event_id:uuid", "ts:timestamptz", "tenant:text", "node_id:text", "collector_seq:bigint", "labels:jsonb",
      "source:text", "name:text", "kind:text", "value:float8", "count:bigint", "buckets:jsonb"),
  QUALITY_WINDOWS_1M("quality_windows_1m", Kind.APPEND, null,
      "event_id:uuid", "tenant:text", "labels:jsonb", "stream_id:text", "stream_name:text", "room:text",
      "participant_id:text", "track_id:text", "kind:text", "node_id:text", "window_start:timestamptz",
      "window_end:timestamptz", "count:bigint", "packets_received:bigint", "packets_lost:bigint",
      "loss_pct_min:float8", "loss_pct_avg:float8", "loss_pct_max:float8", "loss_pct_p95:float8",
      "jitter_ms_min:float8", "jitter_ms_avg:float8", "jitter_ms_max:float8", "jitter_ms_p95:float8",
      "rtt_ms_min:float8", "rtt_ms_avg:float8", "rtt_ms_max:float8", "rtt_ms_p95:float8",
      "bitrate_kbps_min:float8", "bitrate_kbps_avg:float8", "bitrate_kbps_max:float8", "bitrate_kbps_p95:float8",
      "concealment_pct_min:float8", "concealment_pct_avg:float8", "concealment_pct_max:float8", "concealment_pct_p95:float8",
      "jitter_buffer_ms_min:float8", "jitter_buffer_ms_avg:float8", "jitter_buffer_ms_max:float8", "jitter_buffer_ms_p95:float8",
      "frames_per_second_min:float8", "frames_per_second_avg:float8", "frames_per_second_max:float8", "frames_per_second_p95:float8",
      "mos_avg:float8", "mos_min:float8"),
  HEALTH_WINDOWS_1M("health_windows_1m", Kind.APPEND, null,
      "event_id:uuid", "tenant:text", "labels:jsonb", "node_id:text", "component:text", "instance:text",
      "stream_id:text", "window_start:timestamptz", "window_end:timestamptz", "count:bigint", "last_status:text",
      "cpu_pct_min:float8", "cpu_pct_avg:float8", "cpu_pct_max:float8", "cpu_pct_p95:float8",
      "rss_mb_min:float8", "rss_mb_avg:float8", "rss_mb_max:float8", "rss_mb_p95:float8",
      "fps_min:float8", "fps_avg:float8", "fps_max:float8", "fps_p95:float8",
      "speed_min:float8", "speed_avg:float8", "speed_max:float8", "speed_p95:float8",
      "bitrate_kbps_min:float8", "bitrate_kbps_avg:float8", "bitrate_kbps_max:float8", "bitrate_kbps_p95:float8",
      "disk_free_mb_min:float8", "disk_free_mb_avg:float8", "disk_free_mb_max:float8", "disk_free_mb_p95:float8",
      "drop_frames:bigint", "restarts:integer"),
  METRIC_WINDOWS("metric_windows", Kind.APPEND, null,
      "event_id:uuid", "tenant:text", "labels:jsonb", "source:text", "node_id:text", "name:text", "kind:text",
      "window_start:timestamptz", "window_end:timestamptz", "count:bigint", "min:float8", "avg:float8", "max:float8",
      "p95:float8", "last:float8", "rate:float8"),
  // State: an older update must never overwrite a newer one, so each upsert carries its own guard.
  LIFECYCLE("lifecycle", Kind.UPSERT,
      "ON CONFLICT (entity, entity_id) DO UPDATE SET tenant = EXCLUDED.tenant, stream_id = EXCLUDED.stream_id,"
          + " state = EXCLUDED.state, name = EXCLUDED.name, room = EXCLUDED.room, started_at = EXCLUDED.started_at,"
          + " ended_at = EXCLUDED.ended_at, op = EXCLUDED.op, source = EXCLUDED.source, lsn = EXCLUDED.lsn,"
          + " labels = EXCLUDED.labels, updated_at = EXCLUDED.updated_at"
          + " WHERE CASE WHEN lifecycle.lsn IS NOT NULL AND EXCLUDED.lsn IS NOT NULL THEN EXCLUDED.lsn > lifecycle.lsn"
          + " ELSE EXCLUDED.updated_at >= lifecycle.updated_at END",
      "entity:text", "entity_id:text", "tenant:text", "stream_id:text", "state:text", "name:text", "room:text",
      "started_at:timestamptz", "ended_at:timestamptz", "op:text", "source:text", "lsn:bigint", "labels:jsonb",
      "updated_at:timestamptz"),
  // The API writes alert_rules and CDC carries them to Kafka: only a newer version may update, so a re-read rule
  // creates no WAL that CDC would emit again (no loop).
  ALERT_RULES("alert_rules", Kind.UPSERT,
      "ON CONFLICT (rule_id) DO UPDATE SET tenant = EXCLUDED.tenant, name = EXCLUDED.name, enabled = EXCLUDED.enabled,"
          + " source = EXCLUDED.source, metric = EXCLUDED.metric, aggregation = EXCLUDED.aggregation,"
          + " \"window\" = EXCLUDED.\"window\", op = EXCLUDED.op, threshold = EXCLUDED.threshold, for_s = EXCLUDED.for_s,"
          + " keep_firing_for_s = EXCLUDED.keep_firing_for_s, absent_for_s = EXCLUDED.absent_for_s,"
          + " matchers = EXCLUDED.matchers, group_name = EXCLUDED.group_name, severity = EXCLUDED.severity,"
          + " labels = EXCLUDED.labels, annotations = EXCLUDED.annotations, version = EXCLUDED.version,"
          + " updated_at = now(), updated_by = EXCLUDED.updated_by"
          + " WHERE alert_rules.version < EXCLUDED.version",
      "rule_id:text", "tenant:text", "name:text", "enabled:boolean", "source:text", "metric:text",
      "aggregation:text", "\"window\":text", "op:text", "threshold:float8", "for_s:bigint", "keep_firing_for_s:bigint",
      "absent_for_s:bigint", "matchers:jsonb", "group_name:text", "severity:text", "labels:jsonb",
      "annotations:jsonb", "version:bigint", "updated_by:text"),
  /** A tombstone on the rules topic: one column, the rule id. */
  ALERT_RULE_DELETES("alert_rules", Kind.DELETE, "rule_id", "rule_id:text"),
  ALERTS("alerts", Kind.UPSERT,
      "ON CONFLICT (fingerprint) DO UPDATE SET tenant = EXCLUDED.tenant, rule_id = EXCLUDED.rule_id,"
          + " status = EXCLUDED.status, severity = EXCLUDED.severity, labels = EXCLUDED.labels,"
          + " annotations = EXCLUDED.annotations, value = EXCLUDED.value, threshold = EXCLUDED.threshold,"
          + " starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, updated_at = EXCLUDED.updated_at,"
          + " generator = EXCLUDED.generator WHERE alerts.updated_at <= EXCLUDED.updated_at",
      "fingerprint:text", "tenant:text", "rule_id:text", "status:text", "severity:text", "labels:jsonb",
      "annotations:jsonb", "value:float8", "threshold:float8", "starts_at:timestamptz", "ends_at:timestamptz",
      "updated_at:timestamptz", "generator:bigint"),
  ALERT_EVENTS("alert_events", Kind.UPSERT, "ON CONFLICT (event_id) DO NOTHING",
      "event_id:uuid", "tenant:text", "fingerprint:text", "rule_id:text", "status:text", "severity:text",
      "labels:jsonb", "annotations:jsonb", "value:float8", "threshold:float8", "starts_at:timestamptz",
      "ends_at:timestamptz", "updated_at:timestamptz", "generator:bigint");

  /** How rows reach the table. */
  public enum Kind { APPEND, UPSERT, DELETE }

  private final String tableName;
  private final Kind kind;
  private final String clause;
  private final List<String> columns;
  private final List<String> types;

  Table(String tableName, Kind kind, String clause, String... columnsAndTypes) {
    this.tableName = tableName;
    this.kind = kind;
    this.clause = clause;
    this.columns = Arrays.stream(columnsAndTypes).map(c -> c.substring(0, c.lastIndexOf(':'))).toList();
    this.types = Arrays.stream(columnsAndTypes).map(c -> c.substring(c.lastIndexOf(':') + 1)).toList();
  }

  public String tableName() {
    return tableName;
  }

  public Kind kind() {
    return kind;
  }

  public List<String> columns() {
    return columns;
  }

  public List<String> types() {
    return types;
  }

  public String columnList() {
    return String.join(", ", columns);
  }

  /** "COPY t (cols) FROM STDIN" in PostgreSQL's binary format. */
  public String copySql() {
    return "COPY " + tableName + " (" + columnList() + ") FROM STDIN (FORMAT binary)";
  }

  /** A multi-row INSERT with a cast per placeholder, for targets without COPY (pglite) and for upserts. */
  public String insertSql(int rows) {
    String one = types.stream().map(t -> "CAST(? AS " + t + ")").collect(Collectors.joining(", ", "(", ")"));
    StringBuilder sb = new StringBuilder("INSERT INTO ").append(tableName).append(" (").append(columnList()).append(") VALUES ");
    for (int i = 0; i < rows; i++) {
      sb.append(i == 0 ? "" : ", ").append(one);
    }
    if (kind == Kind.UPSERT) {
      sb.append(' ').append(clause);
    }
    return sb.toString();
  }

  /** The statement for one row of an UPSERT or DELETE table. */
  public String statementSql() {
    if (kind == Kind.DELETE) {
      return "DELETE FROM " + tableName + " WHERE " + clause + " = CAST(? AS " + types.get(0) + ")";
    }
    return insertSql(1);
  }
}
