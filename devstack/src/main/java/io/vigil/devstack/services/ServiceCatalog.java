package io.vigil.devstack.services;

import io.vigil.devstack.database.LocalDatabase;
import io.vigil.devstack.stack.DevStackConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The services `./vigil up` runs, in start order, each with an explicit heap limit (the stack must fit in 3 GB RSS);
 * VIGIL_&lt;SERVICE&gt;_HEAP overrides one (VIGIL_STREAMS_HEAP=1g).
 */
public final class ServiceCatalog {
  private ServiceCatalog() {}

  /** The services that only write history, run at the smaller CPU share (see {@link io.vigil.devstack.cpu.HistoryShare}). */
  public static final Set<String> HISTORY_PATH = Set.of("sink");

  /** Push token the dev collector accepts (the simulator uses it). */
  public static final String DEV_COLLECTOR_TOKEN = "dev-token";

  public static List<ServiceSpec> defaults(DevStackConfig c, String jwtSecret) {
    Map<String, String> common = new HashMap<>();
    common.put("VIGIL_KAFKA_BOOTSTRAP", c.bootstrapServers());
    common.put("VIGIL_SCHEMA_REGISTRY_URL", c.registryUrl());
    common.put("VIGIL_DB_URL", c.databaseUrl(LocalDatabase.VIGIL_DB));
    common.put("VIGIL_DB_USER", "postgres");
    common.put("VIGIL_DB_PASSWORD", "");
    String receiver = "http://127.0.0.1:" + c.receiverPort();
    return List.of(
        // The sink runs the storage migrations, so it starts first: the CDC of alert_rules needs that table.
        spec(c, "sink", "sink-timescale", "io.vigil.sink.SinkApp", "256m", c.sinkPort(), "/health", common,
            Map.of("VIGIL_SINK_METRICS_PORT", Integer.toString(c.sinkPort()))),
        spec(c, "streams", "stream-processors", "io.vigil.streams.StreamsApp", "512m", c.streamsPort(), "/health", common,
            Map.of("VIGIL_STREAMS_STATE_DIR", c.home().resolve("streams-state").toString(),
                "VIGIL_STREAMS_HEALTH_PORT", Integer.toString(c.streamsPort()))),
        spec(c, "alerting", "alerting", "io.vigil.alerting.AlertingApp", "256m", c.alertingPort(), "/health", common,
            Map.of("VIGIL_ALERTING_PORT", Integer.toString(c.alertingPort()),
                "VIGIL_ALERTING_CONFIG", alertingConfig(c).toString(),
                "VIGIL_KAFKA_PARTITIONS", Integer.toString(c.partitions()),
                "VIGIL_DEV_SLACK_URL", receiver + "/slack",
                "VIGIL_DEV_PAGERDUTY_URL", receiver + "/pagerduty",
                "VIGIL_DEV_WEBHOOK_URL", receiver + "/webhook")),
        spec(c, "api", "query-api", "io.vigil.queryapi.Application", "384m", c.apiPort(), "/health", common,
            Map.of("VIGIL_API_PORT", Integer.toString(c.apiPort()), "VIGIL_JWT_SECRET", jwtSecret,
                "VIGIL_DB_POOL", "8", "VIGIL_API_WORKER_THREADS", "16")),
        spec(c, "collector", "collectors", "io.vigil.collectors.CollectorAgent", "256m", c.collectorPort(), "/health", common,
            Map.of("VIGIL_COLLECTOR_PORT", Integer.toString(c.collectorPort()),
                "VIGIL_NODE_ID", "dev-node-1",
                "VIGIL_API_TOKENS", DEV_COLLECTOR_TOKEN,
                "VIGIL_TOPIC_PARTITIONS", Integer.toString(c.partitions()),
                "VIGIL_SPOOL_DIR", c.home().resolve("spool").toString(),
                // The dev stack writes this YAML on every start: only its ffmpeg: list; the variables here win.
                "VIGIL_COLLECTOR_CONFIG", collectorConfig(c).toString())),
        // Two Debezium captures, as in production: the media control plane's database and Vigil's own rule table.
        cdc("cdc-controlplane", c.cdcControlPlanePort(), c, LocalDatabase.CONTROL_PLANE_DB,
            "public.streams,public.stream_sessions,public.consumers", true, common),
        cdc("cdc-rules", c.cdcRulesPort(), c, LocalDatabase.VIGIL_DB, "public.alert_rules", false, common));
  }

  /** One Debezium capture of one database; its slot, publication and offsets are named after the service. */
  private static ServiceSpec cdc(String name, int port, DevStackConfig c, String database, String tables,
                                 boolean createControlPlane, Map<String, String> common) {
    String slot = "vigil_" + name.replace('-', '_');
    return spec(c, name, "collectors", "io.vigil.collectors.cdc.CdcMain", "192m", port, "/health", common,
        Map.of("VIGIL_CDC_NAME", "vigil-" + name,
            "VIGIL_CDC_HEALTH_PORT", Integer.toString(port),
            "VIGIL_CDC_DB_URL", c.databaseUrl(database),
            "VIGIL_CDC_DB_USER", "postgres",
            "VIGIL_CDC_SLOT", slot,
            "VIGIL_CDC_PUBLICATION", slot,
            "VIGIL_CDC_TABLES", tables,
            "VIGIL_CDC_CONTROLPLANE_INIT", Boolean.toString(createControlPlane),
            "VIGIL_TOPIC_PARTITIONS", Integer.toString(c.partitions())));
  }

  /** Where the dev stack keeps the alerting config it writes on first start (edit it to try routes). */
  public static Path alertingConfig(DevStackConfig c) {
    return c.home().resolve("alerting.yml");
  }

  /** The collector YAML the dev stack writes on every start: the FFmpeg jobs the collector supervises. */
  public static Path collectorConfig(DevStackConfig c) {
    return c.home().resolve("collector.yml");
  }

  private static ServiceSpec spec(DevStackConfig c, String name, String module, String main, String heap, int port,
                                  String health,
                                  Map<String, String> common, Map<String, String> own) {
    Map<String, String> env = new HashMap<>(common);
    env.putAll(own);
    return new ServiceSpec(name, module, main, c.heap(name, heap), port, health, Map.copyOf(env), List.of());
  }
}
