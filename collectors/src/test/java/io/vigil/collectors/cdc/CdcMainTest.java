package io.vigil.collectors.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdcMainTest {
  @Test
  void yamlSectionOverridesEnvironmentButKeepsItsEndpoints(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("agent.yaml");
    Files.writeString(yaml, """
        cdc:
          slot: from_yaml
          tables: public.streams,public.alert_rules
        """);
    CdcConfig c = CdcMain.load(Map.of(
        "VIGIL_KAFKA_BOOTSTRAP", "broker:9092",
        "VIGIL_CDC_DB_URL", "jdbc:postgresql://db:5433/cp",
        "VIGIL_CDC_SLOT", "from_env",
        "VIGIL_CDC_CONFIG", yaml.toString()));
    assertThat(c.slot()).isEqualTo("from_yaml");
    assertThat(c.kafkaBootstrap()).isEqualTo("broker:9092");
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5433/cp");
    assertThat(c.capturedTables()).contains("public.streams", "public.alert_rules");
  }

  @Test
  void controlPlaneSchemaShipsOnTheClasspath() {
    assertThat(ControlPlaneSchema.sql()).contains("CREATE TABLE IF NOT EXISTS streams")
        .contains("stream_sessions").contains("consumers").contains("vigil_cdc_heartbeat");
  }
}
