package io.vigil.queryapi.summary;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigil.queryapi.access.Caller;
import io.vigil.queryapi.access.Roles;
import io.vigil.queryapi.sql.Db;
import io.vigil.queryapi.sql.Sql;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Pipeline summary over the last 5 minutes as JSON, as Prometheus text, and as a health verdict (503). */
@Controller("/api/v1/metrics")
@Secured({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
@Tag(name = "metrics")
public class MetricsSummaryController {
  private final Db db;
  private final Verdict.Thresholds thresholds;

  public MetricsSummaryController(Db db,
      @Value("${vigil.health.max-error-rate:0.05}") double maxErrorRate,
      @Value("${vigil.health.max-cpu-pct:90}") double maxCpu,
      @Value("${vigil.health.min-real-time-factor:5}") double minRtf) {
    this.db = db;
    this.thresholds = new Verdict.Thresholds(maxErrorRate, maxCpu, minRtf);
  }

  @Operation(summary = "Summary: active streams, quality averages, error rate, CPU, real-time factor, firing alerts")
  @Get
  public Map<String, Object> summary(Authentication auth) {
    Map<String, Object> out = figures(Caller.of(auth).tenant());
    out.put("window_s", 300);
    out.put("units", Map.of("loss_pct_avg", "percent", "jitter_ms_avg", "milliseconds", "rtt_ms_avg",
        "milliseconds", "error_rate", "fraction of instances failed (0-1)", "cpu_pct_max", "percent of one core",
        "real_time_factor_min", "x real time"));
    return out;
  }

  @Operation(summary = "The summary in Prometheus text format")
  @Get(value = "/prometheus", produces = "text/plain; version=0.0.4; charset=utf-8")
  public String prometheus(Authentication auth) {
    Map<String, Object> f = figures(Caller.of(auth).tenant());
    return PrometheusText.render(f, Verdict.of(f, thresholds).healthy());
  }

  @Operation(summary = "200 when healthy, 503 when error rate, CPU or real-time factor cross their thresholds")
  @Get(value = "/health", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<Map<String, Object>> health(Authentication auth) {
    Map<String, Object> f = figures(Caller.of(auth).tenant());
    Verdict v = Verdict.of(f, thresholds);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", v.healthy() ? "healthy" : "unhealthy");
    out.put("reasons", v.reasons());
    out.put("thresholds", thresholds);
    out.put("figures", f);
    return HttpResponse.status(v.healthy() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(out);
  }

  private Map<String, Object> figures(Optional<String> tenant) {
    // One round trip; each sub-select is tenant-scoped with the same bound value (null = every tenant).
    String t = tenant.orElse(null);
    Sql sql = new Sql("WITH h AS (SELECT DISTINCT ON (node_id, component, instance) component, status, exit_code,"
        + " cpu_pct FROM health_samples WHERE ts > now() - interval '5 minutes' AND (?::text IS NULL OR tenant = ?)"
        + " ORDER BY node_id, component, instance, ts DESC)"
        + " SELECT (SELECT count(*) FROM lifecycle WHERE entity = 'stream' AND state = 'live'"
        + "   AND (?::text IS NULL OR tenant = ?)) AS active_streams,"
        + " q.samples, q.loss_pct_avg, q.jitter_ms_avg, q.rtt_ms_avg, q.mos_avg,"
        + " (SELECT count(*) FROM h) AS instances,"
        + " (SELECT count(*) FILTER (WHERE status = 'failed' OR (status = 'exited' AND coalesce(exit_code, 0) <> 0))"
        + "   ::float8 / nullif(count(*), 0) FROM h) AS error_rate,"
        + " (SELECT max(cpu_pct) FROM h WHERE component IN ('ffmpeg', 'host')) AS cpu_pct_max,"
        + " (SELECT min(value) FROM (SELECT DISTINCT ON (source) value FROM metric_samples WHERE name = 'real_time_factor'"
        + "   AND ts > now() - interval '5 minutes' AND (?::text IS NULL OR tenant = ?) ORDER BY source, ts DESC) r)"
        + "   AS real_time_factor_min,"
        + " (SELECT count(*) FROM alerts WHERE status = 'firing' AND (?::text IS NULL OR tenant = ?)) AS alerts_firing"
        + " FROM (SELECT count(*) AS samples, avg(loss_pct) AS loss_pct_avg, avg(jitter_ms) AS jitter_ms_avg,"
        + " avg(rtt_ms) AS rtt_ms_avg, avg(mos) AS mos_avg FROM quality_samples WHERE ts > now() - interval '5 minutes'"
        + " AND (?::text IS NULL OR tenant = ?)) q",
        t, t, t, t, t, t, t, t, t, t);
    return new LinkedHashMap<>(db.one(sql).orElseGet(LinkedHashMap::new));
  }
}
