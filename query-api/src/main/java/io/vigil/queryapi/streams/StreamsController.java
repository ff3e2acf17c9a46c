package io.vigil.queryapi.streams;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
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
import io.vigil.queryapi.sql.Paging;
import io.vigil.queryapi.sql.Sql;
import io.vigil.schemas.avro.CollectorCommand;
import io.vigil.schemas.avro.CommandType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Streams from lifecycle data with their current quality, stream detail, and on-demand collection. */
@Controller("/streams")
@Tag(name = "streams")
public class StreamsController {
  /** status parameter -> lifecycle states. */
  static final Map<String, List<String>> STATUS = Map.of(
      "active", List.of("live"), "ended", List.of("ended", "stopped"), "error", List.of("error"),
      "stale", List.of("stale"));

  /** Latest minute of raw samples: what "current" quality means on the console. */
  private static final String CURRENT = " LEFT JOIN LATERAL (SELECT avg(q.mos) AS mos, avg(q.loss_pct) AS loss_pct,"
      + " avg(q.jitter_ms) AS jitter_ms, avg(q.rtt_ms) AS rtt_ms, max(q.ts) AS last_sample_at,"
      + " count(DISTINCT q.participant_id) AS participants FROM quality_samples q"
      + " WHERE q.stream_id = l.stream_id AND q.tenant = l.tenant AND q.ts > now() - interval '60 seconds') cur ON true";

  private final Db db;
  private final EventPublisher publisher;
  private final AuditLog audit;
  private final Clock clock;

  public StreamsController(Db db, EventPublisher publisher, AuditLog audit, Clock clock) {
    this.db = db;
    this.publisher = publisher;
    this.audit = audit;
    this.clock = clock;
  }

  @Operation(summary = "Streams by lifecycle status (active, ended, error, stale, all) with current quality")
  @Secured({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
  @Get("{?status,limit,offset}")
  public Map<String, Object> list(@Nullable @QueryValue String status, @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue Long offset, Authentication auth) {
    String s = status == null ? "all" : status;
    if (!s.equals("all") && !STATUS.containsKey(s)) {
      throw ApiException.badParam("status", "status must be one of active, ended, error, stale, all");
    }
    Paging paging = Paging.of(limit, offset);
    Sql sql = new Sql("SELECT l.stream_id, l.tenant, l.state, l.name, l.room, l.started_at, l.ended_at, l.updated_at,"
        + " cur.mos, cur.loss_pct, cur.jitter_ms, cur.rtt_ms, cur.participants, cur.last_sample_at"
        + " FROM lifecycle l" + CURRENT + " WHERE l.entity = 'stream'");
    if (!s.equals("all")) {
      sql.add("AND l.state = ANY (?)", (Object) STATUS.get(s).toArray(new String[0]));
    }
    sql.addIf(Caller.of(auth).tenant(), "AND l.tenant = ?");
    sql.add("ORDER BY l.started_at DESC NULLS LAST, l.stream_id");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", s);
    out.put("units", Map.of("loss_pct", "percent", "jitter_ms", "milliseconds", "rtt_ms", "milliseconds",
        "mos", "1-4.5, average over the last 60 s"));
    out.putAll(paging.page(db.list(paging.apply(sql))));
    return out;
  }

  @Operation(summary = "One stream: lifecycle state, participants and current quality")
  @Secured({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
  @Get("/{id}")
  public Map<String, Object> get(@PathVariable String id, Authentication auth) {
    Optional<String> tenant = Caller.of(auth).tenant();
    Sql sql = new Sql("SELECT l.stream_id, l.tenant, l.state, l.name, l.room, l.started_at, l.ended_at, l.updated_at,"
        + " l.source, l.labels, cur.mos, cur.loss_pct, cur.jitter_ms, cur.rtt_ms, cur.participants,"
        + " cur.last_sample_at FROM lifecycle l" + CURRENT + " WHERE l.entity = 'stream' AND l.stream_id = ?", id);
    sql.addIf(tenant, "AND l.tenant = ?");
    Map<String, Object> stream = db.one(sql).orElseThrow(() -> ApiException.notFound("no stream " + id));
    Sql parts = new Sql("SELECT entity_id AS participant_id, state, name, started_at, ended_at, updated_at"
        + " FROM lifecycle WHERE entity = 'participant' AND stream_id = ?", id);
    parts.addIf(tenant, "AND tenant = ?");
    parts.add("ORDER BY started_at NULLS LAST LIMIT 1000");
    Map<String, Object> out = new LinkedHashMap<>(stream);
    out.put("participants_list", db.list(parts));
    return out;
  }

  @Operation(summary = "Ask the collectors that reported this stream to sample it now (collect_now command)")
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  @Post("/{id}/quality-metrics/collect")
  public HttpResponse<Map<String, Object>> collect(@PathVariable String id, Authentication auth) {
    Caller caller = Caller.of(auth);
    // The collectors that reported this stream recently; '*' (every node) when none is known.
    Sql sql = new Sql("SELECT DISTINCT node_id FROM quality_samples WHERE stream_id = ?"
        + " AND ts > now() - interval '15 minutes'", id);
    sql.addIf(caller.tenant(), "AND tenant = ?");
    List<String> nodes = new ArrayList<>();
    db.list(sql).forEach(r -> nodes.add((String) r.get("node_id")));
    boolean broadcast = nodes.isEmpty();
    if (broadcast) {
      nodes.add("*");
    }
    Instant now = clock.instant();
    List<String> commandIds = new ArrayList<>();
    for (String node : nodes) {
      CollectorCommand cmd = CollectorCommand.newBuilder().setEventId(UUID.randomUUID().toString())
          .setTenant(caller.tenantForWrite(null)).setNodeId(node).setCommand(CommandType.collect_now)
          .setStreamId(id).setRequestedBy(caller.actor()).setRequestedAt(now).build();
      publisher.command(cmd);
      commandIds.add(cmd.getEventId());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("stream_id", id);
    out.put("command", "collect_now");
    out.put("collectors", nodes);
    out.put("broadcast", broadcast);
    out.put("command_ids", commandIds);
    out.put("requested_at", now.toString());
    db.inTransaction(c -> {
      audit.record(c, caller.tenantForWrite(null), caller.actor(), "POST /streams/{id}/quality-metrics/collect",
          "stream", id, null, out);
      return null;
    });
    return HttpResponse.<Map<String, Object>>status(HttpStatus.ACCEPTED).body(out);
  }
}
