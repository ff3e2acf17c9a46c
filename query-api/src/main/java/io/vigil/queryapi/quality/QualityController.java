package io.vigil.queryapi.quality;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigil.queryapi.access.Caller;
import io.vigil.queryapi.access.Roles;
import io.vigil.queryapi.problem.ApiException;
import io.vigil.queryapi.sql.Db;
import io.vigil.queryapi.sql.Paging;
import io.vigil.queryapi.timerange.Resolution;
import io.vigil.queryapi.timerange.TimeRange;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Bucketed quality time series per stream and participant, and the high-packet-loss sample list. */
@Controller("/streams/{id}")
@Secured({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
@Tag(name = "quality")
public class QualityController {
  static final Map<String, String> UNITS = Map.of(
      "loss_pct", "percent (0-100)", "jitter_ms", "milliseconds", "rtt_ms", "milliseconds",
      "bitrate_kbps", "kilobits per second", "mos", "mean opinion score (1-4.5)", "samples", "count");

  private final Db db;
  private final Clock clock;

  public QualityController(Db db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Operation(summary = "Quality of a stream over time; table chosen from the range (raw, 1 min windows, 1 h rollup)",
      description = "Metric values are rounded to 'decimals' (3) decimal places.")
  @Get("/quality-metrics{?from,to,bucket,participant,kind}")
  public Map<String, Object> stream(@PathVariable String id, @Nullable @QueryValue String from,
      @Nullable @QueryValue String to, @Nullable @QueryValue String bucket, @Nullable @QueryValue String participant,
      @Nullable @QueryValue String kind, Authentication auth) {
    return series(id, from, to, bucket, Optional.ofNullable(participant), kind, auth);
  }

  @Operation(summary = "Quality of one participant in a stream over time")
  @Get("/participants/{participantId}/quality-metrics{?from,to,bucket,kind}")
  public Map<String, Object> participant(@PathVariable String id, @PathVariable String participantId,
      @Nullable @QueryValue String from, @Nullable @QueryValue String to, @Nullable @QueryValue String bucket,
      @Nullable @QueryValue String kind, Authentication auth) {
    return series(id, from, to, bucket, Optional.of(participantId), kind, auth);
  }

  @Operation(summary = "Raw samples whose packet loss exceeds the threshold (percent)")
  @Get("/quality-metrics/high-packet-loss{?threshold,from,to,limit,offset}")
  public Map<String, Object> highLoss(@PathVariable String id, @Nullable @QueryValue Double threshold,
      @Nullable @QueryValue String from, @Nullable @QueryValue String to, @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue Long offset, Authentication auth) {
    double t = threshold == null ? 5.0 : threshold;
    if (t < 0 || t > 100 || Double.isNaN(t)) {
      throw ApiException.badParam("threshold", "threshold is a loss percentage between 0 and 100");
    }
    TimeRange range = TimeRange.parse(from, to, Duration.ofHours(1), clock.instant());
    Paging paging = Paging.of(limit, offset);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("stream_id", id);
    out.put("threshold_pct", t);
    out.put("from", range.from().toString());
    out.put("to", range.to().toString());
    out.put("units", UNITS);
    out.putAll(paging.page(db.list(paging.apply(
        QualityQueries.highLoss(id, t, range, Caller.of(auth).tenant())))));
    return out;
  }

  private Map<String, Object> series(String id, String from, String to, String bucket, Optional<String> participant,
      String kind, Authentication auth) {
    if (kind != null && !kind.equals("audio") && !kind.equals("video")) {
      throw ApiException.badParam("kind", "kind must be audio or video");
    }
    TimeRange range = TimeRange.parse(from, to, Duration.ofHours(1), clock.instant());
    Resolution res = Resolution.choose(range.span(), bucket);
    QualityPoints points = QualitySeries.load(db, res, range,
        new QualityQueries.Filter(id, participant, Optional.ofNullable(kind), Caller.of(auth).tenant()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("stream_id", id);
    participant.ifPresent(p -> out.put("participant_id", p));
    out.put("from", range.from().toString());
    out.put("to", range.to().toString());
    out.put("bucket", res.bucket().toString());
    out.put("bucket_seconds", res.bucket().toSeconds());
    out.put("source", res.source().table);
    out.put("units", UNITS);
    out.put("decimals", Decimal3.PLACES);
    out.put("points", points);
    return out;
  }
}
