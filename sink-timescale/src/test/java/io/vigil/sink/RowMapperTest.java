package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.schemas.avro.AlertStatus;
import io.vigil.schemas.topics.Topic;
import io.vigil.sink.rows.PgText;
import io.vigil.sink.rows.Row;
import io.vigil.sink.rows.RowMapper;
import io.vigil.sink.rows.SourceRecord;
import io.vigil.sink.rows.Table;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RowMapperTest {
  private static final SourceRecord SRC = new SourceRecord("t", 0, 0, null, new byte[0]);
  private static final Instant TS = Instant.parse("2026-11-22T03:00:01.250Z");

  /** A value as the text paths bind it. */
  private static String col(Row r, String name) {
    return PgText.of(r.values()[r.table().columns().indexOf(name)]);
  }

  @Test
  void qualitySampleKeepsUnknownNumbersAsNull() {
    Row r = RowMapper.map(Samples.quality("s-1", TS, 2.5), SRC).get(0);
    assertThat(r.table()).isEqualTo(Table.QUALITY_SAMPLES);
    assertThat(col(r, "ts")).isEqualTo("2026-11-22T03:00:01.250Z");
    assertThat(col(r, "kind")).isEqualTo("audio");
    assertThat(col(r, "loss_pct")).isEqualTo("2.5");
    assertThat(col(r, "frames_per_second")).isNull();
    assertThat(col(r, "labels")).isEqualTo("{\"region\":\"eu\"}");
  }

  @Test
  void alertEventGivesCurrentStateAndHistoryRows() {
    var a = Samples.alert("fp-1", AlertStatus.firing, TS);
    List<Row> rows = RowMapper.map(a, SRC);
    assertThat(rows).extracting(Row::table).containsExactly(Table.ALERTS, Table.ALERT_EVENTS);
    assertThat(col(rows.get(1), "event_id")).isEqualTo(a.getEventId().toString());
    assertThat(col(rows.get(1), "fingerprint")).isEqualTo("fp-1");
    assertThat(col(rows.get(1), "rule_id")).isEqualTo("poor-network");
    assertThat(col(rows.get(1), "generator")).isEqualTo(col(rows.get(0), "generator"));
  }

  @Test
  void onlyOneMinuteWindowsAreStored() {
    var w = Samples.window("s-1", "alice", TS, 1.0, 4.0);
    assertThat(RowMapper.map(w, SRC)).hasSize(1);
    w.setWindow("10s");
    assertThat(RowMapper.map(w, SRC)).isEmpty();
  }

  @Test
  void metricWindowMapsToItsTableWithANullRateForGauges() {
    Row r = RowMapper.map(Samples.metricWindow("tts-1", TS, 0.4), SRC).get(0);
    assertThat(r.table()).isEqualTo(Table.METRIC_WINDOWS);
    assertThat(r.values()).hasSize(Table.METRIC_WINDOWS.columns().size());
    assertThat(col(r, "source")).isEqualTo("tts-1");
    assertThat(col(r, "node_id")).isEqualTo("tts-node");
    assertThat(col(r, "name")).isEqualTo("dropped_chunks_total");
    assertThat(col(r, "kind")).isEqualTo("counter");
    assertThat(col(r, "labels")).isEqualTo("{\"voice\":\"en\"}");
    assertThat(col(r, "window_start")).isEqualTo("2026-11-22T03:00:01.250Z");
    assertThat(col(r, "count")).isEqualTo("6");
    assertThat(col(r, "last")).isEqualTo("20.0");
    assertThat(col(r, "rate")).isEqualTo("0.4");
    assertThat(col(RowMapper.map(Samples.metricWindow("tts-1", TS, null), SRC).get(0), "rate")).isNull();
  }

  @Test
  void ruleTombstoneDeletesByKey() {
    var src = new SourceRecord(Topic.ALERT_RULES.topicName(), 0, 1, "r-1".getBytes(StandardCharsets.UTF_8), null);
    List<Row> rows = RowMapper.map(null, src);
    assertThat(rows).singleElement().satisfies(r -> {
      assertThat(r.table()).isEqualTo(Table.ALERT_RULE_DELETES);
      assertThat(r.values()).containsExactly("r-1");
    });
  }

  @Test
  void malformedEventIdIsRejectedWithItsValue() {
    var q = Samples.quality("s-1", TS, 1);
    q.setEventId("not-a-uuid");
    assertThatThrownBy(() -> RowMapper.map(q, SRC)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not-a-uuid");
  }

  @Test
  void valuesKeepTheirTypesForTheBinaryCopy() {
    Row r = RowMapper.map(Samples.quality("s-1", TS, 2.5), SRC).get(0);
    assertThat(r.values()[0]).isInstanceOf(UUID.class);
    assertThat(r.values()[r.table().columns().indexOf("ts")]).isEqualTo(TS);
    assertThat(r.values()[r.table().columns().indexOf("loss_pct")]).isEqualTo(2.5);
    assertThat(r.values()[r.table().columns().indexOf("kind")]).isEqualTo("audio");
  }

  @Test
  void labelMapsAreValidJsonWhateverTheyContain() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    String text = io.vigil.sink.rows.PgText.jsonMap(java.util.Map.of("q\"uote", "back\\slash\nline\u0001", "n", "plain"));
    assertThat(json.readValue(text, java.util.Map.class))
        .isEqualTo(java.util.Map.of("q\"uote", "back\\slash\nline\u0001", "n", "plain"));
    assertThat(io.vigil.sink.rows.PgText.jsonMap(java.util.Map.of("nan", Double.NaN, "x", 1.5)))
        .contains("\"nan\":null").contains("\"x\":1.5");
    assertThat(io.vigil.sink.rows.PgText.jsonMap(null)).isEqualTo("{}");
  }

  @Test
  void insertSqlHasOnePlaceholderPerValueAndTheUpsertGuard() {
    String sql = Table.ALERT_RULES.insertSql(1);
    assertThat(sql.chars().filter(ch -> ch == '?').count()).isEqualTo(Table.ALERT_RULES.columns().size());
    assertThat(sql).contains("WHERE alert_rules.version < EXCLUDED.version");
  }
}
