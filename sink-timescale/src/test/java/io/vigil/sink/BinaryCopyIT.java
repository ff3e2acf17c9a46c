package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.schemas.avro.Component;
import io.vigil.schemas.avro.HealthStatus;
import io.vigil.schemas.avro.HealthWindow;
import io.vigil.schemas.avro.HistogramBucket;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.MetricKind;
import io.vigil.schemas.avro.MetricSample;
import io.vigil.sink.migrate.Migrations;
import io.vigil.sink.rows.Row;
import io.vigil.sink.rows.RowMapper;
import io.vigil.sink.rows.SourceRecord;
import io.vigil.sink.rows.Table;
import io.vigil.sink.write.CopyWriter;
import io.vigil.sink.write.InsertWriter;
import io.vigil.sink.write.SqlErrors;
import io.vigil.sink.write.TableWriter;
import io.vigil.testkit.postgres.Postgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The binary COPY stores exactly what the text path (INSERT with casts, as for pglite) stores, for every append table
 * and every column type: odd text, nulls, NaN and infinities, extreme numbers, instants before 2000, JSON with
 * escapes.
 */
class BinaryCopyIT {
  private static final SourceRecord SRC = new SourceRecord("t", 0, 0, null, new byte[0]);
  private static final Postgres PG = Postgres.shared();

  @Test
  void everyAppendTableStoresTheSameRowsAsTheTextPath() throws SQLException {
    Map<Table, List<Row>> rows = new EnumMap<>(Table.class);
    for (Row r : sampleRows()) {
      rows.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r);
    }
    assertThat(rows.keySet()).containsExactlyInAnyOrder(Table.QUALITY_SAMPLES, Table.HEALTH_SAMPLES,
        Table.METRIC_SAMPLES, Table.QUALITY_WINDOWS_1M, Table.HEALTH_WINDOWS_1M, Table.METRIC_WINDOWS);
    String viaText = write(rows, new InsertWriter(100));
    String viaBinary = write(rows, new CopyWriter());
    for (Table t : rows.keySet()) {
      List<String> text = dump(viaText, t);
      assertThat(text).as(t.tableName()).hasSize(rows.get(t).size());
      assertThat(dump(viaBinary, t)).as(t.tableName()).isEqualTo(text);
    }
  }

  @Test
  void aValueTheColumnCannotHoldIsARowErrorLikeThePostgresOne() throws SQLException {
    Row good = RowMapper.map(Samples.quality("s-1", Instant.now(), 1), SRC).get(0);
    Object[] values = good.values().clone();
    values[Table.QUALITY_SAMPLES.columns().indexOf("frame_width")] = 1L << 40;
    Row tooWide = new Row(Table.QUALITY_SAMPLES, values, SRC);
    String db = PG.newDatabase();
    Migrations.run(PG.dataSource(db));
    try (Connection c = PG.connect(db)) {
      assertThatThrownBy(() -> new CopyWriter().write(c, List.of(good, tooWide)))
          .isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(SqlErrors.isRowError(e)).isTrue();
            assertThat(e.getMessage()).contains("frame_width").contains("out of range");
          });
      new CopyWriter().write(c, List.of(good));
      assertThat(Sql.count(c, "SELECT count(*) FROM quality_samples")).isEqualTo(1);
    }
  }

  private static List<Row> sampleRows() {
    Instant odd = Instant.parse("2026-11-22T03:00:01.123Z");
    List<Row> out = new ArrayList<>();
    var q = Samples.quality("s-\u00e9\u4e2d\t\\\"'", odd, Double.NaN);
    q.setLabels(Map.of("k\"ey", "v\nal\u0001", "emoji", "\ud83c\udfa4"));
    q.setJitterMs(Double.POSITIVE_INFINITY);
    q.setRttMs(-0.0);
    q.setFrameWidth(1920);
    q.setSsrc(4_294_967_295L);
    q.setRelay(true);
    out.add(RowMapper.map(q, SRC).get(0));
    var nulls = Samples.quality("s-nulls", Instant.parse("1999-12-31T23:59:59.999Z"), 0);
    nulls.setLossPct(null);
    nulls.setSessionId(null);
    nulls.setRelay(null);
    nulls.setMos(null);
    nulls.setLabels(Map.of());
    out.add(RowMapper.map(nulls, SRC).get(0));
    var h = Samples.health("node-1", odd);
    h.setExtra(Map.of("q", 28.5, "big", 1e300, "neg", -3.0));
    h.setExitCode(-9);
    h.setStatus(HealthStatus.exited);
    out.add(RowMapper.map(h, SRC).get(0));
    out.add(RowMapper.map(MetricSample.newBuilder().setEventId(UUID.randomUUID().toString()).setTs(odd)
        .setTenant("t-2").setNodeId("n").setCollectorSeq(Long.MAX_VALUE).setLabels(Map.of("le", "x"))
        .setSource("tts").setName("synthesis_ms").setKind(MetricKind.histogram).setValue(12.75).setCount(3L)
        .setBuckets(List.of(HistogramBucket.newBuilder().setLe(10).setCount(1).build(),
            HistogramBucket.newBuilder().setLe(Double.POSITIVE_INFINITY).setCount(3).build()))
        .build(), SRC).get(0));
    var w = Samples.window("s-1", null, odd, 0.25, 4.1);
    w.setKind(MediaKind.video);
    w.setJitterMs(null);
    out.add(RowMapper.map(w, SRC).get(0));
    out.add(RowMapper.map(HealthWindow.newBuilder().setEventId(UUID.randomUUID().toString()).setTs(odd)
        .setTenant("default").setLabels(Map.of()).setNodeId("n").setComponent(Component.ffmpeg).setInstance("1")
        .setStreamId(null).setWindowStart(odd).setWindowEnd(odd.plusSeconds(60)).setWindow("1m").setCount(60)
        .setLastStatus(HealthStatus.stalled).setCpuPct(Samples.stats(1, 2, 3)).setRssMb(null).setFps(null)
        .setSpeed(Samples.stats(0.5, 0.9, 1.01)).setBitrateKbps(null).setDiskFreeMb(null).setDropFrames(12L)
        .setRestarts(Integer.MAX_VALUE).build(), SRC).get(0));
    out.add(RowMapper.map(Samples.metricWindow("tts", odd, null), SRC).get(0));
    return out;
  }

  private static String write(Map<Table, List<Row>> rows, TableWriter writer) throws SQLException {
    String db = PG.newDatabase();
    Migrations.run(PG.dataSource(db));
    try (Connection c = PG.connect(db)) {
      for (var e : rows.entrySet()) {
        writer.write(c, e.getValue());
      }
    }
    return db;
  }

  /** Every row of the table as text, each column as PostgreSQL prints it, in a stable order. */
  private static List<String> dump(String db, Table t) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = PG.connect(db); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT " + t.columnList() + " FROM " + t.tableName() + " ORDER BY event_id")) {
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= t.columns().size(); i++) {
          row.append(t.columns().get(i - 1)).append('=').append(rs.getString(i)).append(' ');
        }
        out.add(row.toString());
      }
    }
    return out;
  }
}
