package io.vigil.devstack.services;

import io.vigil.devstack.database.LocalDatabase;
import io.vigil.devstack.stack.DevStackConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The services `./vigil up` runs, in start order, each with an explicit heap limit (the stack must fit in 3 GB RSS). */
public final class ServiceCatalog {
  private ServiceCatalog() {}

  /** Push token the dev collector accepts (the simulator uses it). */
  public static final String DEV_COLLECTOR_TOKEN = "dev-token";

  public static List<ServiceSpec> defaults(DevStackConfig c, String jwtSecret) {
    Map<String, String> common = new HashMap<>();
    common.put("VIGIL_KAFKA_BOOTSTRAP", c.bootstrapServers());
    common.put("VIGIL_SCHEMA_REGISTRY_URL", c.registryUrl());
    common.put("VIGIL_DB_URL", c.databaseUrl(LocalDatabase.VIGIL_DB));
    common.put("VIGIL_DB_USER", "postgres");
    common.put("VIGIL_DB_PASSWORD", "");
    common.put("VIGIL_PARTITIONS", Integer.toString(c.partitions()));
    return List.of(
        spec("sink", "sink-timescale", "io.vigil.sink.SinkApp", "256m", c.sinkPort(), "/health", common,
            Map.of("VIGIL_SINK_METRICS_PORT", Integer.toString(c.sinkPort()))),
        spec("streams", "stream-processors", "io.vigil.streams.StreamsApp", "512m", c.streamsPort(), null, common,
            Map.of("VIGIL_STREAMS_STATE_DIR", c.home().resolve("streams-state").toString(),
                "VIGIL_STREAMS_PORT", Integer.toString(c.streamsPort()))),
        spec("alerting", "alerting", "io.vigil.alerting.AlertingApp", "256m", c.alertingPort(), "/health", common,
            Map.of("VIGIL_ALERTING_PORT", Integer.toString(c.alertingPort()),
                "VIGIL_RECEIVER_URL", "http://127.0.0.1:" + c.receiverPort())),
        spec("api", "query-api", "io.vigil.queryapi.Application", "384m", c.apiPort(), "/health", common,
            Map.of("VIGIL_API_PORT", Integer.toString(c.apiPort()), "VIGIL_JWT_SECRET", jwtSecret)),
        spec("collector", "collectors", "io.vigil.collectors.CollectorAgent", "256m", c.collectorPort(), "/health", common,
            Map.of("VIGIL_COLLECTOR_PORT", Integer.toString(c.collectorPort()),
                "VIGIL_NODE_ID", "dev-node-1",
                "VIGIL_API_TOKENS", DEV_COLLECTOR_TOKEN,
                "VIGIL_COLLECTOR_SPOOL_DIR", c.home().resolve("spool").toString())));
  }

  private static ServiceSpec spec(String name, String module, String main, String heap, int port, String health,
                                  Map<String, String> common, Map<String, String> own) {
    Map<String, String> env = new HashMap<>(common);
    env.putAll(own);
    return new ServiceSpec(name, module, main, heap, port, health, Map.copyOf(env), List.of());
  }
}
