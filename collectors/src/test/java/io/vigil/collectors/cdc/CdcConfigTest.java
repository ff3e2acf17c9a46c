package io.vigil.collectors.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.schemas.avro.LifecycleEntity;
import io.vigil.schemas.avro.LifecycleState;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class CdcConfigTest {

  @Test
  void environmentGivesConnectionSlotPublicationAndDefaultRoutes() {
    CdcConfig c = CdcConfig.fromEnv(Map.of(
        "VIGIL_KAFKA_BOOTSTRAP", "k1:9092",
        "VIGIL_SCHEMA_REGISTRY_URL", "http://reg:8081",
        "VIGIL_CDC_DB_URL", "jdbc:postgresql://db.internal:6543/controlplane?sslmode=disable",
        "VIGIL_CDC_DB_USER", "cdc",
        "VIGIL_CDC_DB_PASSWORD", "secret",
        "VIGIL_CDC_SLOT", "vigil_slot",
        "VIGIL_CDC_PUBLICATION", "vigil_pub",
        "VIGIL_CDC_TABLES", "streams, media.broadcasts=stream, public.alert_rules"));
    assertThat(c.dbHost()).isEqualTo("db.internal");
    assertThat(c.dbPort()).isEqualTo(6543);
    assertThat(c.dbName()).isEqualTo("controlplane");
    assertThat(c.kafkaBootstrap()).isEqualTo("k1:9092");
    assertThat(c.capturedTables()).containsExactly("media.broadcasts", "public.alert_rules", "public.streams",
        CdcConfig.DEFAULT_HEARTBEAT_TABLE);
    assertThat(c.routes().get("public.alert_rules")).isInstanceOf(TableRoute.AlertRules.class);
    assertThat(((TableRoute.Lifecycle) c.routes().get("media.broadcasts")).mapping().entity()).isEqualTo(LifecycleEntity.stream);
    assertThat(c.lifecycleTopic()).isEqualTo("vigil.lifecycle.v1");
    assertThat(c.alertRulesTopic()).isEqualTo("vigil.alert-rules.v1");
  }

  @Test
  void yamlSectionCanRemapColumnsAndStates() {
    String yaml = """
        slot: cp_slot
        publication: cp_pub
        kafka_bootstrap: localhost:9092
        schema_registry_url: http://localhost:8081
        heartbeat_table: none
        tables:
          - table: live.rooms
            entity: session
            columns: {id: room_id, stream_id: channel_id, ended_at: closed_at}
          - table: live.channels
            entity: stream
            columns: {state: status}
            states: {on_air: live, off_air: stopped}
        """;
    Map<String, Object> m = new Yaml().load(yaml);
    CdcConfig c = CdcConfig.fromMap(m);
    assertThat(c.heartbeatTable()).isNull();
    assertThat(c.capturedTables()).containsExactly("live.channels", "live.rooms");
    LifecycleMapping rooms = ((TableRoute.Lifecycle) c.routes().get("live.rooms")).mapping();
    assertThat(rooms.idColumn()).isEqualTo("room_id");
    assertThat(rooms.streamIdColumn()).isEqualTo("channel_id");
    assertThat(rooms.endedAtColumn()).isEqualTo("closed_at");
    LifecycleMapping channels = ((TableRoute.Lifecycle) c.routes().get("live.channels")).mapping();
    assertThat(channels.stateColumn()).isEqualTo("status");
    assertThat(channels.stateValues()).containsEntry("on_air", LifecycleState.live).containsEntry("error", LifecycleState.error);
  }

  @Test
  void badSettingsAreExplained() {
    assertThatThrownBy(() -> CdcConfig.fromMap(Map.of("tables", "public.mystery")))
        .hasMessageContaining("public.mystery").hasMessageContaining("=<stream");
    assertThatThrownBy(() -> CdcConfig.fromMap(Map.of("slot", "Bad-Slot"))).hasMessageContaining("slot");
    assertThatThrownBy(() -> CdcConfig.fromMap(Map.of("db_url", "postgres://x/y"))).hasMessageContaining("jdbc:postgresql");
    assertThatThrownBy(() -> CdcConfig.fromMap(Map.of("tables", List.of(Map.of("table", "t", "entity", "robot")))))
        .hasMessageContaining("robot");
  }

  @Test
  void debeziumGetsDurableOffsetsFilteredPublicationAndHeartbeats() {
    CdcConfig c = CdcConfig.fromMap(Map.of("slot", "s1", "publication", "p1", "heartbeat_interval_ms", "5000",
        "kafka_bootstrap", "k:9092"));
    Properties p = DebeziumProperties.of(c);
    assertThat(p.getProperty("offset.storage")).isEqualTo("org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
    assertThat(p.getProperty("offset.storage.topic")).isEqualTo(CdcConfig.DEFAULT_OFFSET_TOPIC);
    assertThat(p.getProperty("bootstrap.servers")).isEqualTo("k:9092");
    assertThat(p.getProperty("plugin.name")).isEqualTo("pgoutput");
    assertThat(p.getProperty("publication.autocreate.mode")).isEqualTo("filtered");
    assertThat(p.getProperty("slot.name")).isEqualTo("s1");
    assertThat(p.getProperty("publication.name")).isEqualTo("p1");
    assertThat(p.getProperty("snapshot.mode")).isEqualTo("initial");
    assertThat(p.getProperty("slot.drop.on.stop")).isEqualTo("false");
    assertThat(p.getProperty("heartbeat.interval.ms")).isEqualTo("5000");
    assertThat(p.getProperty("heartbeat.action.query")).contains(CdcConfig.DEFAULT_HEARTBEAT_TABLE).contains("ON CONFLICT");
    assertThat(p.getProperty("table.include.list")).contains("public\\.streams").contains("public\\.alert_rules");
  }
}
