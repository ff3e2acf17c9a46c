package io.vigil.queryapi.alerts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigil.queryapi.access.Caller;
import io.vigil.queryapi.access.Roles;
import io.vigil.queryapi.audit.AuditLog;
import io.vigil.queryapi.problem.ApiException;
import io.vigil.queryapi.sql.Db;
import io.vigil.queryapi.sql.Paging;
import io.vigil.queryapi.sql.Sql;
import io.vigil.queryapi.timerange.TimeRange;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Silences with matchers, author and expiry; the alerting service reads the silences table. */
@Controller("/silences")
@Tag(name = "silences")
public class SilencesController {
  private static final String COLUMNS = "id, tenant, matchers, starts_at, ends_at, created_by, comment, created_at,"
      + " updated_at, CASE WHEN ends_at <= now() THEN 'expired' WHEN starts_at > now() THEN 'pending'"
      + " ELSE 'active' END AS state";
  private static final Duration MAX_DURATION = Duration.ofDays(90);

  private final Db db;
  private final AuditLog audit;
  private final Clock clock;

  public SilencesController(Db db, AuditLog audit, Clock clock) {
    this.db = db;
    this.audit = audit;
    this.clock = clock;
  }

  @Operation(summary = "Silences by state: active (default), pending, expired, all")
  @Secured({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
  @Get("{?state,limit,offset}")
  public Map<String, Object> list(@Nullable @QueryValue String state, @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue Long offset, Authentication auth) {
    String s = state == null ? "active" : state;
    Paging paging = Paging.of(limit, offset);
    Sql sql = new Sql("SELECT " + COLUMNS + " FROM silences WHERE true");
    switch (s) {
      case "active" -> sql.add("AND starts_at <= now() AND ends_at > now()");
      case "pending" -> sql.add("AND starts_at > now()");
      case "expired" -> sql.add("AND ends_at <= now()");
      case "all" -> { }
      default -> throw ApiException.badParam("state", "state must be active, pending, expired or all");
    }
    sql.addIf(Caller.of(auth).tenant(), "AND tenant = ?");
    return paging.page(db.list(paging.apply(sql.add("ORDER BY ends_at DESC, id"))));
  }

  @Operation(summary = "One silence")
  @Secured({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
  @Get("/{id}")
  public Map<String, Object> get(@PathVariable String id, Authentication auth) {
    return db.one(byId(uuid(id), Caller.of(auth).tenant()))
        .orElseThrow(() -> ApiException.notFound("no silence " + id));
  }

  @Operation(summary = "Create a silence: matchers, ends_at (ISO-8601) or duration (e.g. 2h), comment")
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  @Post
  public HttpResponse<Map<String, Object>> create(@Body Map<String, Object> body, Authentication auth) {
    Caller caller = Caller.of(auth);
    Spec spec = spec(body);
    UUID id = UUID.randomUUID();
    String tenant = caller.tenantForWrite(body.get("tenant") == null ? null : body.get("tenant").toString());
    Map<String, Object> saved = db.inTransaction(c -> {
      db.update(c, new Sql("INSERT INTO silences (id, tenant, matchers, starts_at, ends_at, created_by, comment)"
          + " VALUES (?, ?, ?::jsonb, ?, ?, ?, ?)", id, tenant, db.toJson(spec.matchers), spec.startsAt,
          spec.endsAt, caller.actor(), spec.comment));
      Map<String, Object> after = db.list(c, byId(id, Optional.empty())).get(0);
      audit.record(c, tenant, caller.actor(), "POST /silences", "silence", id.toString(), null, after);
      return after;
    });
    return HttpResponse.<Map<String, Object>>status(HttpStatus.CREATED).body(saved);
  }

  @Operation(summary = "Change a silence's matchers, times or comment")
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  @Put("/{id}")
  public Map<String, Object> update(@PathVariable String id, @Body Map<String, Object> body, Authentication auth) {
    Caller caller = Caller.of(auth);
    UUID uid = uuid(id);
    Spec spec = spec(body);
    return db.inTransaction(c -> {
      Map<String, Object> before = existing(c, uid, caller);
      db.update(c, new Sql("UPDATE silences SET matchers = ?::jsonb, starts_at = ?, ends_at = ?, comment = ?,"
          + " updated_at = now() WHERE id = ?", db.toJson(spec.matchers), spec.startsAt, spec.endsAt,
          spec.comment, uid));
      Map<String, Object> after = db.list(c, byId(uid, Optional.empty())).get(0);
      audit.record(c, (String) before.get("tenant"), caller.actor(), "PUT /silences/{id}", "silence", id, before,
          after);
      return after;
    });
  }

  @Operation(summary = "Expire a silence now (kept for history)")
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  @Delete("/{id}")
  public Map<String, Object> expire(@PathVariable String id, Authentication auth) {
    Caller caller = Caller.of(auth);
    UUID uid = uuid(id);
    return db.inTransaction(c -> {
      Map<String, Object> before = existing(c, uid, caller);
      db.update(c, new Sql("UPDATE silences SET ends_at = least(ends_at, now()), updated_at = now() WHERE id = ?",
          uid));
      Map<String, Object> after = db.list(c, byId(uid, Optional.empty())).get(0);
      audit.record(c, (String) before.get("tenant"), caller.actor(), "DELETE /silences/{id}", "silence", id,
          before, after);
      return after;
    });
  }

  record Spec(List<Map<String, String>> matchers, Instant startsAt, Instant endsAt, String comment) {}

  private Spec spec(Map<String, Object> body) {
    if (body == null) {
      throw ApiException.badParam("body", "a JSON silence body is required");
    }
    List<Map<String, String>> matchers = RuleValidator.matchers(body.get("matchers"));
    if (matchers.isEmpty()) {
      throw ApiException.badParam("matchers", "a silence needs at least one matcher");
    }
    Instant now = clock.instant();
    Instant start = body.get("starts_at") == null ? now
        : TimeRange.parse(body.get("starts_at").toString(), "2999-01-01T00:00:00Z", Duration.ZERO, now).from();
    Instant end;
    if (body.get("ends_at") != null) {
      end = TimeRange.parse(null, body.get("ends_at").toString(), Duration.ZERO, now).to();
    } else if (body.get("duration") != null) {
      end = start.plus(duration(body.get("duration").toString()));
    } else {
      throw ApiException.badParam("ends_at", "ends_at or duration is required");
    }
    if (!end.isAfter(start)) {
      throw ApiException.badParam("ends_at", "ends_at must be after starts_at");
    }
    if (Duration.between(start, end).compareTo(MAX_DURATION) > 0) {
      throw ApiException.badParam("ends_at", "a silence may last at most 90 days");
    }
    Object comment = body.get("comment");
    return new Spec(matchers, start, end, comment == null ? "" : comment.toString());
  }

  static Duration duration(String v) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d{1,6})(m|h|d)$").matcher(v.trim());
    if (!m.matches()) {
      throw ApiException.badParam("duration", "duration must look like 30m, 2h or 1d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private Map<String, Object> existing(Connection c, UUID id, Caller caller) throws SQLException {
    List<Map<String, Object>> rows = db.list(c, byId(id, caller.tenant()).add("FOR UPDATE"));
    if (rows.isEmpty()) {
      throw ApiException.notFound("no silence " + id);
    }
    return rows.get(0);
  }

  private static Sql byId(UUID id, Optional<String> tenant) {
    return new Sql("SELECT " + COLUMNS + " FROM silences WHERE id = ?", id).addIf(tenant, "AND tenant = ?");
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParam("id", "silence id must be a UUID");
    }
  }
}
