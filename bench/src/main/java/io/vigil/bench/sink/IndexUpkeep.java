package io.vigil.bench.sink;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What quality_samples' indexes cost on every row: the same CSV loaded by psql's {@code \copy} into a table with the
 * indexes the sink's migrations leave (V7), one with the indexes V1 created, and one with none, in the same database.
 * Two rounds in alternating order; each table's faster load counts, so a checkpoint or a noisy neighbour in one load
 * does not decide the ratio.
 */
final class IndexUpkeep {
  /** V1's indexes on quality_samples, as they were before V7 merged and dropped three of them. */
  private static final String V1_INDEXES = "CREATE INDEX ON qs_v1 (stream_id, ts DESC);"
      + " CREATE INDEX ON qs_v1 (stream_id, participant_id, ts DESC);"
      + " CREATE INDEX ON qs_v1 (stream_id, ts DESC) WHERE loss_pct > 5;"
      + " CREATE INDEX ON qs_v1 (tenant, ts DESC);"
      + " CREATE INDEX ON qs_v1 USING brin (ts);";

  private IndexUpkeep() {}

  interface Psql {
    void run(String command) throws Exception;
  }

  static Map<String, Object> measure(Psql psql, Path csv, int rows) throws Exception {
    psql.run("CREATE TABLE qs_now (LIKE quality_samples INCLUDING ALL)");
    psql.run("CREATE TABLE qs_v1 (LIKE quality_samples INCLUDING DEFAULTS); " + V1_INDEXES);
    psql.run("CREATE TABLE qs_none (LIKE quality_samples INCLUDING DEFAULTS)");
    String[][] rounds = {{"qs_v1", "qs_now", "qs_none"}, {"qs_none", "qs_now", "qs_v1"}};
    Map<String, Double> best = new LinkedHashMap<>();
    for (String[] order : rounds) {
      for (String table : order) {
        psql.run("TRUNCATE " + table + "; CHECKPOINT");
        long start = System.nanoTime();
        psql.run("\\copy " + table + " FROM '" + csv + "' WITH (FORMAT csv)");
        best.merge(table, SinkBench.seconds(start), Math::min);
      }
    }
    psql.run("DROP TABLE qs_now, qs_v1, qs_none");
    List<Map.Entry<String, String>> labels = List.of(Map.entry("qs_now", "now"), Map.entry("qs_v1", "v1_indexes"),
        Map.entry("qs_none", "no_indexes"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rows", rows);
    labels.forEach(l -> out.put(l.getValue() + "_rows_per_s", Math.round(rows / best.get(l.getKey()))));
    labels.forEach(l -> out.put(l.getValue() + "_us_per_row", SinkBench.round(1e6 * best.get(l.getKey()) / rows)));
    out.put("ratio_now_to_v1_indexes_time", SinkBench.round(best.get("qs_now") / best.get("qs_v1")));
    return out;
  }
}
