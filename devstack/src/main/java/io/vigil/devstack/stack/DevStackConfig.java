package io.vigil.devstack.stack;

import io.vigil.devstack.database.LocalDatabase;
import io.vigil.devstack.ports.Ports;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where the dev stack keeps its data and which ports it uses; every value can be overridden by environment. */
public record DevStackConfig(Path root, Path home, int kafkaPort, int controllerPort, int postgresPort,
                             int controlPlanePostgresPort, int registryPort,
                             int apiPort, int collectorPort, int alertingPort, int sinkPort, int streamsPort,
                             int cdcControlPlanePort, int cdcRulesPort, int receiverPort, int partitions,
                             String externalKafka, Map<String, String> heaps, int historyCpuShares) {

  /** Every port variable {@link #fromEnvironment} reads. */
  public static final List<String> PORT_VARIABLES = List.of("VIGIL_KAFKA_PORT", "VIGIL_CONTROLLER_PORT",
      "VIGIL_PG_PORT", "VIGIL_CONTROLPLANE_PG_PORT", "VIGIL_REGISTRY_PORT", "VIGIL_API_PORT", "VIGIL_COLLECTOR_PORT", "VIGIL_ALERTING_PORT",
      "VIGIL_SINK_METRICS_PORT", "VIGIL_STREAMS_PORT", "VIGIL_CDC_CONTROLPLANE_PORT", "VIGIL_CDC_RULES_PORT",
      "VIGIL_RECEIVER_PORT");

  /** Each port variable set to a port free right now: a second stack (a test, a benchmark) beside a developer's own. */
  public static Map<String, String> freePorts() {
    Map<String, String> env = new LinkedHashMap<>();
    PORT_VARIABLES.forEach(v -> env.put(v, Integer.toString(Ports.free())));
    return env;
  }

  public static DevStackConfig fromEnvironment(Path root, Map<String, String> env) {
    Path home = Path.of(env.getOrDefault("VIGIL_HOME", root.resolve(".vigil").toString())).toAbsolutePath();
    return new DevStackConfig(root.toAbsolutePath(), home,
        number(env, "VIGIL_KAFKA_PORT", 19092),
        number(env, "VIGIL_CONTROLLER_PORT", 19093),
        number(env, "VIGIL_PG_PORT", 15432),
        number(env, "VIGIL_CONTROLPLANE_PG_PORT", 15433),
        number(env, "VIGIL_REGISTRY_PORT", 18081),
        number(env, "VIGIL_API_PORT", 8080),
        number(env, "VIGIL_COLLECTOR_PORT", 8090),
        number(env, "VIGIL_ALERTING_PORT", 8070),
        number(env, "VIGIL_SINK_METRICS_PORT", 8060),
        number(env, "VIGIL_STREAMS_PORT", 8050),
        number(env, "VIGIL_CDC_CONTROLPLANE_PORT", 8055),
        number(env, "VIGIL_CDC_RULES_PORT", 8056),
        number(env, "VIGIL_RECEIVER_PORT", 8099),
        // The catalogue's production default is 12 partitions; a 2-core dev box is happier with 4.
        number(env, "VIGIL_PARTITIONS", 4),
        // A broker someone else runs (tests use the in-process one); empty means the stack starts its own.
        env.getOrDefault("VIGIL_EXTERNAL_KAFKA", ""),
        heaps(env),
        // Off by default (0 = every process equal): at 512 the stream processors kept up better in a saturated hold,
        // but the sink fell further behind and the alert latency's p99 did not improve (docs/operations.md).
        number(env, "VIGIL_HISTORY_CPU_SHARES", 0));
  }

  /** Heap overrides by service name, from VIGIL_&lt;SERVICE&gt;_HEAP (e.g. VIGIL_STREAMS_HEAP=768m, VIGIL_CDC_RULES_HEAP). */
  private static Map<String, String> heaps(Map<String, String> env) {
    Map<String, String> heaps = new LinkedHashMap<>();
    env.forEach((k, v) -> {
      if (k.startsWith("VIGIL_") && k.endsWith("_HEAP") && k.length() > "VIGIL__HEAP".length()) {
        String service = k.substring(6, k.length() - 5).toLowerCase().replace('_', '-');
        if (!v.trim().matches("[1-9][0-9]*[kKmMgG]")) {
          throw new IllegalArgumentException(k + " must be a JVM heap size such as 512m or 1g, got '" + v + "'");
        }
        heaps.put(service, v.trim());
      }
    });
    return Map.copyOf(heaps);
  }

  /** The heap for a service: its VIGIL_&lt;SERVICE&gt;_HEAP override, or the catalogue's default. */
  public String heap(String service, String fallback) {
    return heaps.getOrDefault(service, fallback);
  }

  private static int number(Map<String, String> env, String name, int fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + v + "'");
    }
  }

  public String bootstrapServers() {
    return externalKafka.isBlank() ? "127.0.0.1:" + kafkaPort : externalKafka;
  }

  public boolean startsOwnBroker() {
    return externalKafka.isBlank();
  }

  public String registryUrl() {
    return "http://127.0.0.1:" + registryPort;
  }

  /** The simulated control plane's database is on its own server, as a media platform's own database would be. */
  public String databaseUrl(String db) {
    int port = LocalDatabase.CONTROL_PLANE_DB.equals(db) ? controlPlanePostgresPort : postgresPort;
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + db;
  }

  public Path stateFile() {
    return home.resolve("stack.json");
  }
}
