package io.vigil.queryapi.alerts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigil.queryapi.access.Caller;
import io.vigil.queryapi.access.Roles;
import io.vigil.queryapi.problem.ApiException;
import io.vigil.queryapi.sql.Db;
import io.vigil.queryapi.sql.Paging;
import io.vigil.queryapi.sql.Sql;
import io.vigil.queryapi.timerange.TimeRange;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Current alerts (from the sink's alerts table) and their history with the notification log. */
@Controller("/alerts")
@Secured({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
@Tag(name = "alerts")
public class AlertsController {
  private static final Set<String> STATUSES = Set.of("firing", "pending", "resolved", "all");
  private static final String COLUMNS = "fingerprint, tenant, rule_id, status, severity, labels, annotations, value,"
      + " threshold, starts_at, ends_at, updated_at, generator";

  private final Db db;
  private final Clock clock;

  public AlertsController(Db db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Operation(summary = "Alerts by status (firing by default), newest first")
  @Get("{?status,severity,limit,offset}")
  public Map<String, Object> current(@Nullable @QueryValue String status, @Nullable @QueryValue String severity,
      @Nullable @QueryValue Integer limit, @Nullable @QueryValue Long offset, Authentication auth) {
    String s = status == null ? "firing" : status;
    if (!STATUSES.contains(s)) {
      throw ApiException.badParam("status", "status must be firing, pending, resolved or all");
    }
    Paging paging = Paging.of(limit, offset);
    Sql sql = new Sql("SELECT " + COLUMNS + " FROM alerts WHERE true");
    if (!s.equals("all")) {
      sql.add("AND status = ?", s);
    }
    sql.addIf(Optional.ofNullable(severity), "AND severity = ?");
    sql.addIf(Caller.of(auth).tenant(), "AND tenant = ?");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", s);
    out.putAll(paging.page(db.list(paging.apply(sql.add("ORDER BY updated_at DESC, fingerprint")))));
    return out;
  }

  @Operation(summary = "Every alert state change in the range, and the notifications sent for it")
  @Get("/history{?from,to,fingerprint,rule_id,limit,offset}")
  public Map<String, Object> history(@Nullable @QueryValue String from, @Nullable @QueryValue String to,
      @Nullable @QueryValue String fingerprint, @Nullable @QueryValue("rule_id") String ruleId,
      @Nullable @QueryValue Integer limit, @Nullable @QueryValue Long offset, Authentication auth) {
    TimeRange range = TimeRange.parse(from, to, Duration.ofDays(1), clock.instant());
    Paging paging = Paging.of(limit, offset);
    Optional<String> tenant = Caller.of(auth).tenant();
    Sql events = new Sql("SELECT event_id, " + COLUMNS + " FROM alert_events WHERE updated_at >= ? AND updated_at < ?",
        range.from(), range.to());
    events.addIf(tenant, "AND tenant = ?");
    events.addIf(Optional.ofNullable(fingerprint), "AND fingerprint = ?");
    events.addIf(Optional.ofNullable(ruleId), "AND rule_id = ?");
    events.add("ORDER BY updated_at DESC, event_id");
    Sql notes = new Sql("SELECT id, tenant, group_key, receiver, status, fingerprints, outcome, attempts, http_status,"
        + " error, sent_at FROM alert_notifications WHERE sent_at >= ? AND sent_at < ?", range.from(), range.to());
    notes.addIf(tenant, "AND tenant = ?");
    notes.addIf(Optional.ofNullable(fingerprint), "AND ? = ANY (fingerprints)");
    notes.add("ORDER BY sent_at DESC, id LIMIT ?", Paging.MAX_LIMIT);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("from", range.from().toString());
    out.put("to", range.to().toString());
    out.putAll(paging.page(db.list(paging.apply(events))));
    out.put("notifications", db.list(notes));
    return out;
  }
}
