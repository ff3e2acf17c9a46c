package io.vigil.collectors.cdc;

import io.vigil.schemas.avro.LifecycleEntity;
import io.vigil.schemas.avro.LifecycleState;
import io.vigil.schemas.topics.Topic;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of one CDC source (one database): connection, slot, publication, captured tables and their routes, Kafka,
 * offsets, heartbeats and retry backoff. Built from environment variables ({@link #fromEnv}) or a YAML/JSON map
 * ({@link #fromMap}), the collector agent's config section.
 */
public record CdcConfig(
    String name,
    String dbHost,
    int dbPort,
    String dbName,
    String dbUser,
    String dbPassword,
    String slot,
    String publication,
    Map<String, TableRoute> routes,
    String kafkaBootstrap,
    String registryUrl,
    String lifecycleTopic,
    String alertRulesTopic,
    String offsetTopic,
    int offsetTopicPartitions,
    short offsetTopicReplication,
    Duration offsetFlushInterval,
    Duration heartbeatInterval,
    String heartbeatTable,
    String nodeId,
    String tenant,
    Duration retryInitial,
    Duration retryMax) {

  public static final String DEFAULT_TABLES = "public.streams,public.stream_sessions,public.consumers,public.alert_rules";
  public static final String DEFAULT_HEARTBEAT_TABLE = "public.vigil_cdc_heartbeat";
  public static final String DEFAULT_OFFSET_TOPIC = "vigil.cdc-offsets.v1";

  public CdcConfig {
    require(slot, "slot");
    require(publication, "publication");
    require(kafkaBootstrap, "Kafka bootstrap servers");
    require(registryUrl, "schema registry URL");
    if (!slot.matches("[a-z0-9_]+")) {
      throw new IllegalArgumentException("slot name must be lower-case letters, digits and _ (PostgreSQL rule), got " + slot);
    }
    if (routes == null || routes.isEmpty()) {
      throw new IllegalArgumentException("no tables to capture");
    }
    routes = Map.copyOf(routes);
  }

  /** The tables handed to Debezium (and put in the publication), including the heartbeat table. */
  public List<String> capturedTables() {
    List<String> tables = new ArrayList<>(routes.keySet());
    tables.sort(String::compareTo);
    return tables;
  }

  /** From VIGIL_* environment variables; see {@link CdcMain} for the list. */
  public static CdcConfig fromEnv(Map<String, String> env) {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "kafka_bootstrap", env.getOrDefault("VIGIL_KAFKA_BOOTSTRAP", "localhost:9092"));
    put(m, "schema_registry_url", env.getOrDefault("VIGIL_SCHEMA_REGISTRY_URL", "http://localhost:8081"));
    put(m, "db_url", env.getOrDefault("VIGIL_CDC_DB_URL", "jdbc:postgresql://localhost:5432/postgres"));
    put(m, "db_user", env.getOrDefault("VIGIL_CDC_DB_USER", "postgres"));
    put(m, "db_password", env.getOrDefault("VIGIL_CDC_DB_PASSWORD", ""));
    put(m, "slot", env.getOrDefault("VIGIL_CDC_SLOT", "vigil_cdc"));
    put(m, "publication", env.getOrDefault("VIGIL_CDC_PUBLICATION", "vigil_cdc"));
    put(m, "tables", env.getOrDefault("VIGIL_CDC_TABLES", DEFAULT_TABLES));
    put(m, "name", env.get("VIGIL_CDC_NAME"));
    put(m, "offset_topic", env.get("VIGIL_CDC_OFFSET_TOPIC"));
    put(m, "heartbeat_interval_ms", env.get("VIGIL_CDC_HEARTBEAT_MS"));
    put(m, "heartbeat_table", env.get("VIGIL_CDC_HEARTBEAT_TABLE"));
    put(m, "node_id", env.get("VIGIL_NODE_ID"));
    put(m, "tenant", env.get("VIGIL_TENANT"));
    put(m, "lifecycle_topic", env.get("VIGIL_CDC_LIFECYCLE_TOPIC"));
    put(m, "alert_rules_topic", env.get("VIGIL_CDC_ALERT_RULES_TOPIC"));
    return fromMap(m);
  }

  /**
   * From a config map (e.g. the {@code cdc:} section of the agent's YAML). {@code tables} is either a comma-separated
   * string ({@code public.streams,public.alert_rules,public.broadcasts=stream}) or a list of maps with
   * {@code table}, {@code kind} (lifecycle|alert_rules), {@code entity}, {@code columns} and {@code states}.
   */
  @SuppressWarnings("unchecked")
  public static CdcConfig fromMap(Map<String, Object> m) {
    URI db = jdbcUri(str(m, "db_url", "jdbc:postgresql://localhost:5432/postgres"));
    String slot = str(m, "slot", "vigil_cdc");
    String heartbeatRaw = str(m, "heartbeat_table", DEFAULT_HEARTBEAT_TABLE).trim();
    String heartbeatTable = heartbeatRaw.isEmpty() || "none".equals(heartbeatRaw) ? null : qualify(heartbeatRaw);
    Map<String, TableRoute> routes = new LinkedHashMap<>();
    Object tables = m.getOrDefault("tables", DEFAULT_TABLES);
    if (tables instanceof String s) {
      for (String spec : s.split(",")) {
        if (!spec.isBlank()) {
          TableRoute r = parseTableSpec(spec.trim());
          routes.put(r.table(), r);
        }
      }
    } else if (tables instanceof List<?> list) {
      for (Object o : list) {
        TableRoute r = o instanceof Map<?, ?> tm ? parseTableMap((Map<String, Object>) tm) : parseTableSpec(o.toString());
        routes.put(r.table(), r);
      }
    } else {
      throw new IllegalArgumentException("cdc tables must be a string or a list, got " + tables);
    }
    if (heartbeatTable != null) {
      routes.putIfAbsent(heartbeatTable, new TableRoute.Heartbeat(heartbeatTable));
    }
    return new CdcConfig(
        str(m, "name", "vigil-cdc-" + slot),
        db.getHost(), db.getPort() < 0 ? 5432 : db.getPort(), db.getPath().replaceFirst("^/", ""),
        str(m, "db_user", "postgres"), str(m, "db_password", ""),
        slot, str(m, "publication", "vigil_cdc"), routes,
        str(m, "kafka_bootstrap", "localhost:9092"), str(m, "schema_registry_url", "http://localhost:8081"),
        str(m, "lifecycle_topic", Topic.LIFECYCLE.topicName()), str(m, "alert_rules_topic", Topic.ALERT_RULES.topicName()),
        str(m, "offset_topic", DEFAULT_OFFSET_TOPIC), Integer.parseInt(str(m, "offset_topic_partitions", "1")),
        Short.parseShort(str(m, "offset_topic_replication", "1")),
        Duration.ofMillis(Long.parseLong(str(m, "offset_flush_interval_ms", "1000"))),
        Duration.ofMillis(Long.parseLong(str(m, "heartbeat_interval_ms", "10000"))),
        heartbeatTable,
        str(m, "node_id", "cdc-" + slot), str(m, "tenant", "default"),
        Duration.ofMillis(Long.parseLong(str(m, "retry_initial_ms", "500"))),
        Duration.ofMillis(Long.parseLong(str(m, "retry_max_ms", "30000"))));
  }

  /** A copy with other Kafka/registry endpoints and output topics (tests, or an agent overriding its defaults). */
  public CdcConfig withOutputs(String bootstrap, String registry, String lifecycle, String rules, String offsets) {
    return new CdcConfig(name, dbHost, dbPort, dbName, dbUser, dbPassword, slot, publication, routes, bootstrap, registry,
        lifecycle, rules, offsets, offsetTopicPartitions, offsetTopicReplication, offsetFlushInterval, heartbeatInterval,
        heartbeatTable, nodeId, tenant, retryInitial, retryMax);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + dbName;
  }

  /** {@code table} or {@code table=entity|alert_rules|heartbeat}; known table names pick their route by themselves. */
  static TableRoute parseTableSpec(String spec) {
    String[] parts = spec.split("=", 2);
    String table = qualify(parts[0].trim());
    String kind = parts.length > 1 ? parts[1].trim().toLowerCase(Locale.ROOT) : defaultKind(table);
    return route(table, kind, Map.of(), Map.of());
  }

  @SuppressWarnings("unchecked")
  static TableRoute parseTableMap(Map<String, Object> t) {
    String table = qualify(require(str(t, "table", null), "table"));
    String kind = str(t, "kind", null);
    String entity = str(t, "entity", null);
    String chosen = "alert_rules".equals(kind) || "heartbeat".equals(kind) ? kind : entity != null ? entity : defaultKind(table);
    Map<String, String> columns = new LinkedHashMap<>();
    ((Map<String, Object>) t.getOrDefault("columns", Map.of())).forEach((k, v) -> columns.put(k, v == null ? null : v.toString()));
    Map<String, LifecycleState> states = new LinkedHashMap<>();
    ((Map<String, Object>) t.getOrDefault("states", Map.of())).forEach((k, v) -> states.put(k, lifecycleState(v.toString())));
    return route(table, chosen, columns, states);
  }

  private static TableRoute route(String table, String kind, Map<String, String> columns, Map<String, LifecycleState> states) {
    switch (kind) {
      case "alert_rules":
        return new TableRoute.AlertRules(table);
      case "heartbeat":
        return new TableRoute.Heartbeat(table);
      default:
        LifecycleEntity entity;
        try {
          entity = LifecycleEntity.valueOf(kind);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("table " + table + ": unknown route '" + kind
              + "' (use stream, session, participant, consumer, alert_rules or heartbeat)");
        }
        return new TableRoute.Lifecycle(table, LifecycleMapping.defaultFor(entity).withColumns(columns).withStateValues(states));
    }
  }

  private static String defaultKind(String table) {
    String simple = table.substring(table.lastIndexOf('.') + 1);
    return switch (simple) {
      case "streams" -> "stream";
      case "stream_sessions", "sessions" -> "session";
      case "consumers" -> "consumer";
      case "participants" -> "participant";
      case "alert_rules" -> "alert_rules";
      default -> throw new IllegalArgumentException("table " + table
          + " has no default mapping: write it as " + table + "=<stream|session|participant|consumer|alert_rules>");
    };
  }

  private static LifecycleState lifecycleState(String s) {
    try {
      return LifecycleState.valueOf(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown lifecycle state " + s);
    }
  }

  static String qualify(String table) {
    return table.contains(".") ? table : "public." + table;
  }

  static URI jdbcUri(String jdbcUrl) {
    if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException("CDC database URL must look like jdbc:postgresql://host:port/db, got " + jdbcUrl);
    }
    return URI.create(jdbcUrl.substring(5).replaceFirst("\\?.*$", ""));
  }

  private static void put(Map<String, Object> m, String k, String v) {
    if (v != null && !v.isBlank()) {
      m.put(k, v);
    }
  }

  private static String str(Map<String, Object> m, String k, String dflt) {
    Object v = m.get(k);
    return v == null ? dflt : v.toString();
  }

  private static String require(String v, String what) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("CDC config: " + what + " is required");
    }
    return v;
  }
}
