package io.vigil.queryapi.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.testkit.postgres.Postgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The points are written exactly as the per-row maps were (same names, order and nulls), metrics rounded. */
class QualityPointsTest {
  private static final String ROWS = "SELECT * FROM (VALUES"
      + " (TIMESTAMPTZ '2026-01-01 10:00:00+00', 12::numeric, 2.094455797693444::float8, NULL::float8),"
      + " (TIMESTAMPTZ '2026-01-01 10:01:00+00', 7::numeric, 6.5::float8, 4.25::float8))"
      + " AS t(ts, samples, loss_pct_avg, mos_avg) ORDER BY ts";

  @Test
  void writesOneObjectPerRowWithRoundedMetricsAndNulls() throws Exception {
    JsonNode points = serialise(ROWS);
    assertThat(points).hasSize(2);
    JsonNode first = points.get(0);
    assertThat(first.get("ts").asText()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(first.get("samples").isIntegralNumber()).isTrue();
    assertThat(first.get("samples").asLong()).isEqualTo(12);
    assertThat(first.get("loss_pct_avg").asDouble()).isEqualTo(2.094);
    assertThat(first.get("mos_avg").isNull()).isTrue();
    assertThat(points.get(1).get("mos_avg").asDouble()).isEqualTo(4.25);
    assertThat(points.get(1).fieldNames()).toIterable()
        .containsExactly("ts", "samples", "loss_pct_avg", "mos_avg");
  }

  @Test
  void anEmptySeriesIsAnEmptyArray() throws Exception {
    assertThat(serialise(ROWS + " LIMIT 0")).isEmpty();
  }

  @Test
  void manyRowsAllSurvive() throws Exception {
    JsonNode points = serialise("SELECT TIMESTAMPTZ '2026-01-01 00:00:00+00' + i * interval '1 minute' AS ts,"
        + " i::bigint AS samples, i / 3.0::float8 AS jitter_ms_avg FROM generate_series(0, 999) i");
    assertThat(points).hasSize(1000);
    assertThat(points.get(999).get("samples").asLong()).isEqualTo(999);
    assertThat(points.get(999).get("jitter_ms_avg").asDouble()).isEqualTo(333.0);
    assertThat(points.get(500).get("jitter_ms_avg").asDouble()).isEqualTo(166.667);
  }

  private static JsonNode serialise(String sql) throws Exception {
    Postgres pg = Postgres.shared();
    try (Connection c = pg.connect("postgres"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      QualityPoints points = QualityPoints.read(rs);
      ObjectMapper json = new ObjectMapper();
      return json.readTree(json.writeValueAsString(Map.of("points", points))).get("points");
    }
  }
}
