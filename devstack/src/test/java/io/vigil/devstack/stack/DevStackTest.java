package io.vigil.devstack.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.devstack.ports.Ports;
import io.vigil.devstack.services.ServiceCatalog;
import io.vigil.schemas.registry.RestSchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `./vigil up` brings up a real broker process, PostgreSQL and the registry, prints where they are, stops cleanly,
 * and a second `up` on the same directory finds the data it left.
 */
class DevStackTest {
  @TempDir
  Path home;

  DevStackConfig config() {
    Map<String, String> env = new HashMap<>();
    env.put("VIGIL_HOME", home.toString());
    env.putAll(DevStackConfig.freePorts());
    env.put("VIGIL_PARTITIONS", "1");
    env.put("VIGIL_HISTORY_CPU_SHARES", "512");
    // Tests run from the module directory; the reactor root is one level up.
    return DevStackConfig.fromEnvironment(Path.of("..").toAbsolutePath().normalize(), env);
  }

  @Test
  void upPrintsEndpointsAndKeepsDataAcrossRestarts() throws Exception {
    DevStackConfig config = config();
    var out = new ByteArrayOutputStream();
    int id;
    try (DevStack stack = new DevStack(config, new PrintStream(out, true), List.of())) {
      StackState state = stack.up();
      assertThat(state.endpoints()).containsKeys("Kafka bootstrap", "Schema registry", "Database", "Control plane",
          "Alert receiver");
      // The simulated control plane has a PostgreSQL server of its own.
      assertThat(config.databaseUrl(io.vigil.devstack.database.LocalDatabase.CONTROL_PLANE_DB))
          .contains(":" + config.controlPlanePostgresPort() + "/");
      try (var c = DriverManager.getConnection(config.databaseUrl(io.vigil.devstack.database.LocalDatabase.CONTROL_PLANE_DB),
          "postgres", "")) {
        assertThat(c.isValid(5)).isTrue();
      }
      assertThat(Files.exists(config.stateFile())).isTrue();
      id = new RestSchemaRegistryClient(config.registryUrl())
          .register("restart-value", SchemaBuilder.record("Restart").fields().requiredInt("n").endRecord());
      try (var c = DriverManager.getConnection(config.databaseUrl("vigil"), "postgres", "");
           var s = c.createStatement()) {
        s.execute("CREATE TABLE kept (n int)");
        s.execute("INSERT INTO kept VALUES (42)");
        // A backend forked after start-up (as the sink's are) is in the history path's smaller CPU share.
        var rs = s.executeQuery("SELECT pg_backend_pid()");
        rs.next();
        long backend = rs.getLong(1);
        if (out.toString().contains("in CPU cgroup")) {
          assertThat(io.vigil.devstack.cpu.HistoryShareTest.cgroupOf(backend)).contains("vigil-");
        } else {
          assertThat(out.toString()).contains("history path (sink, PostgreSQL) at nice 3");
          assertThat(io.vigil.devstack.cpu.HistoryShareTest.niceOf(backend)).isEqualTo(3);
        }
      }
    }
    String printed = out.toString();
    assertThat(printed).contains("[1/5] Kafka broker").contains("ready (").contains("Vigil is up:")
        .contains(config.bootstrapServers()).contains(config.registryUrl());
    assertThat(Files.exists(config.stateFile())).as("state file removed on stop").isFalse();
    assertThat(Ports.isOpen(config.kafkaPort())).as("broker stopped").isFalse();
    assertThat(Ports.isOpen(config.controlPlanePostgresPort())).as("control plane's PostgreSQL stopped").isFalse();

    try (DevStack again = new DevStack(config, new PrintStream(new ByteArrayOutputStream()), List.of())) {
      again.up();
      assertThat(new RestSchemaRegistryClient(config.registryUrl()).schemaById(id).getName()).isEqualTo("Restart");
      try (var c = DriverManager.getConnection(config.databaseUrl("vigil"), "postgres", "");
           var rs = c.createStatement().executeQuery("SELECT n FROM kept")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
    }
  }

  @Test
  void everyPortVariableMovesItsPort() {
    Map<String, String> ports = DevStackConfig.freePorts();
    assertThat(ports.keySet()).containsExactlyElementsOf(DevStackConfig.PORT_VARIABLES);
    DevStackConfig c = DevStackConfig.fromEnvironment(home, ports);
    assertThat(List.of(c.kafkaPort(), c.controllerPort(), c.postgresPort(), c.controlPlanePostgresPort(),
        c.registryPort(), c.apiPort(),
        c.collectorPort(), c.alertingPort(), c.sinkPort(), c.streamsPort(), c.cdcControlPlanePort(), c.cdcRulesPort(),
        c.receiverPort())).containsExactlyElementsOf(ports.values().stream().map(Integer::valueOf).toList());
  }

  @Test
  void theControlPlaneCaptureIsKeyedByTheServerItReads() {
    var services = ServiceCatalog.defaults(DevStackConfig.fromEnvironment(home, Map.of()), "s");
    var cdc = services.stream().filter(s -> s.name().equals("cdc-controlplane")).findFirst().orElseThrow();
    var rules = services.stream().filter(s -> s.name().equals("cdc-rules")).findFirst().orElseThrow();
    assertThat(DevStack.capturingServer(cdc, 7L).env()).containsEntry("VIGIL_CDC_NAME", "vigil-cdc-controlplane-7");
    assertThat(DevStack.capturingServer(cdc, -1L).env().get("VIGIL_CDC_NAME")).endsWith("-18446744073709551615");
    assertThat(DevStack.capturingServer(rules, 7L)).isSameAs(rules);
  }

  @Test
  void aHeapVariableResizesThatServiceOnly() {
    DevStackConfig c = DevStackConfig.fromEnvironment(home, Map.of("VIGIL_STREAMS_HEAP", "768m",
        "VIGIL_CDC_RULES_HEAP", "1g"));
    Map<String, String> heaps = new java.util.HashMap<>();
    ServiceCatalog.defaults(c, "secret").forEach(s -> heaps.put(s.name(), s.heap()));
    assertThat(heaps).containsEntry("streams", "768m").containsEntry("cdc-rules", "1g")
        .containsEntry("sink", "256m").containsEntry("cdc-controlplane", "192m");
    assertThatThrownBy(() -> DevStackConfig.fromEnvironment(home, Map.of("VIGIL_SINK_HEAP", "lots")))
        .hasMessageContaining("VIGIL_SINK_HEAP").hasMessageContaining("512m");
  }

  @Test
  void everyServiceHasItsHeapLimitAndLogsItsPauses() {
    DevStackConfig c = DevStackConfig.fromEnvironment(home, Map.of("VIGIL_STREAMS_HEAP", "640m"));
    Path logs = home.resolve("logs");
    for (var s : ServiceCatalog.defaults(c, "secret")) {
      assertThat(DevStack.jvmOptions(s, logs)).contains("-Xmx" + s.heap(), "-XX:+UseSerialGC")
          .anyMatch(o -> o.startsWith("-Xlog:gc:file=" + logs.resolve(s.name() + "-gc.log")));
    }
    assertThat(DevStack.jvmOptions(ServiceCatalog.defaults(c, "secret").stream()
        .filter(s -> s.name().equals("streams")).findFirst().orElseThrow(), logs)).contains("-Xmx640m");
  }

  @Test
  void aTakenPortIsNamedWithTheVariableToChangeIt() throws Exception {
    DevStackConfig config = config();
    try (ServerSocket squatter = new ServerSocket(config.postgresPort(), 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      DevStack stack = new DevStack(config, new PrintStream(new ByteArrayOutputStream()), List.of());
      assertThatThrownBy(stack::up).hasMessageContaining("port " + config.postgresPort())
          .hasMessageContaining("PostgreSQL").hasMessageContaining("VIGIL_PG_PORT");
    }
  }
}
