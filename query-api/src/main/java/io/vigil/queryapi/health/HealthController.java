package io.vigil.queryapi.health;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigil.queryapi.access.Caller;
import io.vigil.queryapi.access.Roles;
import io.vigil.queryapi.audit.AuditLog;
import io.vigil.queryapi.kafka.EventPublisher;
import io.vigil.queryapi.problem.ApiException;
import io.vigil.queryapi.sql.Db;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** Latest health of FFmpeg processes, SFU producers/consumers, app consumers and recording storage. */
@Controller("/v2/health")
@Secured({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
@Tag(name = "health")
public class HealthController {
  private static final Pattern ID = Pattern.compile("^[A-Za-z0-9._:@-]{1,200}$");
  private static final String HEARTBEAT = "component = 'app' AND labels->>'kind' = 'consumer_heartbeat'";
  private static final String RECORDINGS =
      "(recording_segments IS NOT NULL OR labels->>'kind' = 'recordings')";

  private final Db db;
  private final EventPublisher publisher;
  private final AuditLog audit;
  private final Clock clock;
  /** Per-process sequence so heartbeat gaps are visible to gap detection. */
  private final AtomicLong seq = new AtomicLong();

  public HealthController(Db db, EventPublisher publisher, AuditLog audit, Clock clock) {
    this.db = db;
    this.publisher = publisher;
    this.audit = audit;
    this.clock = clock;
  }

  @Operation(summary = "Overall verdict and counts per component from the latest sample of every instance")
  @Get("/system{?lookback_s}")
  public Map<String, Object> system(@Nullable @QueryValue("lookback_s") Long lookback, Authentication auth) {
    return report(latest(lookback, auth, null), lookback);
  }

  @Operation(summary = "Latest health of the processes serving one stream")
  @Get("/streams/{id}{?lookback_s}")
  public Map<String, Object> stream(@PathVariable String id, @Nullable @QueryValue("lookback_s") Long lookback,
      Authentication auth) {
    Map<String, Object> out = report(latest(lookback, auth, "stream_id = ?", id), lookback);
    out.put("stream_id", id);
    return out;
  }

  @Operation(summary = "FFmpeg ingest/transcode processes: status, speed, fps, CPU")
  @Get("/ingestion{?lookback_s}")
  public Map<String, Object> ingestion(@Nullable @QueryValue("lookback_s") Long lookback, Authentication auth) {
    return report(latest(lookback, auth, "component = 'ffmpeg'"), lookback);
  }

  @Operation(summary = "SFU nodes with their producer and consumer counts")
  @Get("/producers{?lookback_s}")
  public Map<String, Object> producers(@Nullable @QueryValue("lookback_s") Long lookback, Authentication auth) {
    return report(latest(lookback, auth, "component = 'sfu'"), lookback);
  }

  @Operation(summary = "Application consumers by heartbeat; stale after 60 s without one")
  @Get("/consumers{?lookback_s}")
  public Map<String, Object> consumers(@Nullable @QueryValue("lookback_s") Long lookback, Authentication auth) {
    return report(latest(lookback, auth, HEARTBEAT), lookback);
  }

  @Operation(summary = "One consumer's latest heartbeat")
  @Get("/consumers/{id}{?lookback_s}")
  public Map<String, Object> consumer(@PathVariable String id, @Nullable @QueryValue("lookback_s") Long lookback,
      Authentication auth) {
    List<Map<String, Object>> rows = latest(lookback, auth, HEARTBEAT + " AND instance = ?", id);
    if (rows.isEmpty()) {
      throw ApiException.notFound("no heartbeat from consumer " + id);
    }
    Map<String, Object> row = rows.get(0);
    row.put("verdict", HealthVerdicts.instance(row));
    row.put("stale", HealthVerdicts.isStaleHeartbeat(row));
    return row;
  }

  @Operation(summary = "Record a consumer heartbeat; published as a HealthSample on vigil.health.v1")
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  @Post("/consumers/{id}/heartbeat")
  public HttpResponse<Map<String, Object>> heartbeat(@PathVariable String id,
      @Nullable @Body Map<String, Object> body, Authentication auth) {
    if (!ID.matcher(id).matches()) {
      throw ApiException.badParam("id", "consumer id must be 1-200 characters of letters, digits and ._:@-");
    }
    Map<String, Object> b = body == null ? Map.of() : body;
    HealthStatus status = parseStatus(b.get("status"));
    Object stream = b.get("stream_id");
    Caller caller = Caller.of(auth);
    Map<String, String> labels = new HashMap<>();
    if (b.get("labels") instanceof Map<?, ?> extra) {
      extra.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
    }
    labels.put("kind", "consumer_heartbeat");
    labels.put("reported_by", caller.actor());
    Instant now = clock.instant();
    HealthSample sample = HealthSample.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTs(now).setTenant(caller.tenantForWrite(null))
        .setNodeId(String.valueOf(b.getOrDefault("node_id", "query-api"))).setCollectorSeq(seq.incrementAndGet())
        .setLabels(labels).setComponent(io.vigil.schemas.avro.Component.app).setInstance(id)
        .setStreamId(stream == null ? null : stream.toString()).setStatus(status).build();
    publisher.health(sample);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("consumer_id", id);
    out.put("event_id", sample.getEventId());
    out.put("status", status.name());
    out.put("ts", now.toString());
    out.put("timeout_s", HealthVerdicts.HEARTBEAT_TIMEOUT_S);
    db.inTransaction(c -> {
      audit.record(c, caller.tenantForWrite(null), caller.actor(), "POST /v2/health/consumers/{id}/heartbeat",
          "consumer", id, null, out);
      return null;
    });
    return HttpResponse.<Map<String, Object>>status(HttpStatus.ACCEPTED).body(out);
  }

  @Operation(summary = "Recording storage: segments, oldest segment age, disk free")
  @Get("/recordings{?lookback_s}")
  public Map<String, Object> recordings(@Nullable @QueryValue("lookback_s") Long lookback, Authentication auth) {
    return report(latest(lookback, auth, RECORDINGS), lookback);
  }

  @Operation(summary = "Recording storage for one stream")
  @Get("/recordings/{streamId}{?lookback_s}")
  public Map<String, Object> recording(@PathVariable String streamId,
      @Nullable @QueryValue("lookback_s") Long lookback, Authentication auth) {
    Map<String, Object> out = report(latest(lookback, auth, RECORDINGS + " AND stream_id = ?", streamId), lookback);
    out.put("stream_id", streamId);
    return out;
  }

  private List<Map<String, Object>> latest(Long lookback, Authentication auth, String condition, Object... params) {
    long l = lookback(lookback);
    Optional<String> tenant = Caller.of(auth).tenant();
    return db.list(HealthQueries.latest(l, tenant, condition, params));
  }

  private static long lookback(Long lookback) {
    long l = lookback == null ? 300 : lookback;
    if (l < 1 || l > 7 * 86400) {
      throw ApiException.badParam("lookback_s", "lookback_s must be between 1 and 604800 seconds");
    }
    return l;
  }

  private static Map<String, Object> report(List<Map<String, Object>> rows, Long lookback) {
    Map<String, Map<String, Integer>> counts = HealthVerdicts.annotate(rows);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", HealthVerdicts.overall(rows.stream().map(r -> (String) r.get("verdict")).toList()));
    out.put("lookback_s", lookback(lookback));
    out.put("counts", counts);
    out.put("units", Map.of("cpu_pct", "percent of one core", "rss_mb", "megabytes", "age_s", "seconds",
        "disk_free_mb", "megabytes", "bitrate_kbps", "kilobits per second", "speed", "x real time"));
    out.put("instances", rows);
    return out;
  }

  private static HealthStatus parseStatus(Object v) {
    if (v == null) {
      return HealthStatus.running;
    }
    try {
      return HealthStatus.valueOf(v.toString());
    } catch (IllegalArgumentException e) {
      throw ApiException.badParam("status", "status must be one of starting, running, stalled, exited, failed, unknown");
    }
  }
}
