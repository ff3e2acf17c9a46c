package io.vigil.queryapi.quality;

import io.vigil.queryapi.sql.Db;
import io.vigil.queryapi.timerange.Resolution;
import io.vigil.queryapi.timerange.TimeRange;
import java.util.Optional;

/**
 * Loads a bucketed quality series: merged here from the table's own rows when the bucket is the table's granularity
 * (each point then merges only the participants and kinds of one window or hour), aggregated by PostgreSQL otherwise
 * (raw samples, coarser buckets, and streams with more rows than {@link #MERGE_MAX_ROWS}).
 */
final class QualitySeries {
  /** About 2 MB of rows at most on the merge path. */
  static final int MERGE_MAX_ROWS = 20_000;

  private QualitySeries() {}

  static QualityPoints load(Db db, Resolution res, TimeRange range, QualityQueries.Filter f) {
    if (mergesHere(res)) {
      Optional<QualityPoints> merged = db.query(QualityQueries.seriesRows(res, range, f, MERGE_MAX_ROWS + 1),
          rs -> SeriesMerge.read(rs, res.bucket(), MERGE_MAX_ROWS));
      if (merged.isPresent()) {
        return merged.get();
      }
    }
    return db.query(QualityQueries.bucketed(res, range, f), QualityPoints::read);
  }

  static boolean mergesHere(Resolution res) {
    return res.source() != Resolution.Source.RAW && res.bucket().equals(res.source().granularity);
  }
}
