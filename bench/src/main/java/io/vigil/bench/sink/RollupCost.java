package io.vigil.bench.sink;

import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualityWindow;
import io.vigil.schemas.avro.Stats;
import io.vigil.sink.migrate.Migrations;
import io.vigil.sink.rows.Row;
import io.vigil.sink.rows.RowMapper;
import io.vigil.sink.rows.SourceRecord;
import io.vigil.sink.write.Batch;
import io.vigil.sink.write.BatchWriter;
import io.vigil.sink.write.OffsetStore;
import io.vigil.testkit.postgres.Postgres;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The price of keeping quality_1h in PostgreSQL mode: an hour of 1-minute windows written through the sink's batch
 * writer with the rollup maintained, next to the same windows written without it, each into a fresh database. One
 * window per rollup group and minute (tracks and participants of their own), the rollup's worst case. Reported per
 * minute of windows, for the hour's first and last ten minutes, so a cost growing through the hour shows.
 */
final class RollupCost {
  private static final SourceRecord SOURCE = new SourceRecord("bench", 0, 0, null, new byte[0]);

  private RollupCost() {}

  static Map<String, Object> measure(Postgres pg, int windowsPerMinute, int batchRows) throws Exception {
    List<List<Row>> minutes = hourOfWindows(windowsPerMinute);
    measureHour(pg, minutes, batchRows, true); // JIT and database warm-up, not reported
    long[] plain = measureHour(pg, minutes, batchRows, false);
    long[] rolled = measureHour(pg, minutes, batchRows, true);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("windows_per_minute", windowsPerMinute);
    out.put("batch_rows", batchRows);
    out.put("without_rollup_ms_per_minute_first_10", millis(plain, 0));
    out.put("without_rollup_ms_per_minute_last_10", millis(plain, 50));
    out.put("with_rollup_ms_per_minute_first_10", millis(rolled, 0));
    out.put("with_rollup_ms_per_minute_last_10", millis(rolled, 50));
    out.put("ratio_with_to_without_rollup", Math.round(100.0 * sum(rolled) / sum(plain)) / 100.0);
    out.put("ratio_last_10_to_first_10_with_rollup",
        Math.round(100.0 * millis(rolled, 50) / Math.max(1, millis(rolled, 0))) / 100.0);
    return out;
  }

  /** Nanoseconds spent writing each minute's windows. */
  private static long[] measureHour(Postgres pg, List<List<Row>> minutes, int batchRows, boolean rollup)
      throws Exception {
    String db = pg.newDatabase();
    Migrations.run(pg.dataSource(db));
    long[] nanos = new long[minutes.size()];
    try (Connection c = pg.connect(db)) {
      BatchWriter writer = new BatchWriter(true, rollup, new OffsetStore("bench-rollup"), rejected -> { });
      for (int m = 0; m < minutes.size(); m++) {
        List<Row> rows = minutes.get(m);
        long start = System.nanoTime();
        for (int i = 0; i < rows.size(); i += batchRows) {
          writer.write(c, new Batch(rows.subList(i, Math.min(rows.size(), i + batchRows)), List.of(), Map.of(),
              Map.of()));
        }
        nanos[m] = System.nanoTime() - start;
      }
    }
    return nanos;
  }

  private static List<List<Row>> hourOfWindows(int windowsPerMinute) {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
    List<List<Row>> minutes = new ArrayList<>();
    for (int m = 0; m < 60; m++) {
      List<Row> rows = new ArrayList<>(windowsPerMinute);
      for (int w = 0; w < windowsPerMinute; w++) {
        // Per participant: an audio track, a video track and the participant's own window (no kind).
        int participant = w / 3;
        MediaKind kind = w % 3 == 2 ? null : MediaKind.values()[w % 3];
        rows.add(RowMapper.map(window("stream-" + participant / 5, "p-" + participant, kind, hour.plusSeconds(60L * m),
            (w + m) % 13 * 0.4), SOURCE).get(0));
      }
      minutes.add(rows);
    }
    return minutes;
  }

  private static QualityWindow window(String stream, String participant, MediaKind kind, Instant start, double loss) {
    return QualityWindow.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTs(start.plusSeconds(60)).setTenant("default")
        .setLabels(Map.of()).setStreamId(stream).setStreamName("bench").setRoom("room")
        .setParticipantId(participant).setTrackId(kind == null ? null : participant + "-" + kind).setKind(kind)
        .setNodeId("sfu-1").setWindowStart(start).setWindowEnd(start.plusSeconds(60)).setWindow("1m").setCount(60)
        .setPacketsReceived(3000L).setPacketsLost(Math.round(loss * 30)).setLossPct(stats(0, loss, loss * 2))
        .setJitterMs(stats(5, 10, 20)).setRttMs(stats(40, 60, 90)).setBitrateKbps(stats(30, 32, 34))
        .setConcealmentPct(null).setJitterBufferMs(null).setFramesPerSecond(null)
        .setMosAvg(kind == MediaKind.audio ? 4.2 - loss / 10 : null).setMosMin(kind == MediaKind.audio ? 3.9 : null)
        .build();
  }

  private static Stats stats(double min, double avg, double max) {
    return Stats.newBuilder().setCount(60).setMin(min).setAvg(avg).setMax(max).setP95(max).build();
  }

  private static long millis(long[] nanos, int fromMinute) {
    long sum = 0;
    for (int m = fromMinute; m < fromMinute + 10; m++) {
      sum += nanos[m];
    }
    return Math.round(sum / 10 / 1e6);
  }

  private static long sum(long[] nanos) {
    long s = 0;
    for (long n : nanos) {
      s += n;
    }
    return s;
  }
}
