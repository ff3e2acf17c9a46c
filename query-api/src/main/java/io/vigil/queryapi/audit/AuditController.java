package io.vigil.queryapi.audit;

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
import io.vigil.queryapi.sql.Db;
import io.vigil.queryapi.sql.Paging;
import io.vigil.queryapi.sql.Sql;
import io.vigil.queryapi.timerange.TimeRange;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The audit trail of mutating calls, newest first (admin only). */
@Controller("/audit")
@Secured(Roles.ADMIN)
@Tag(name = "audit")
public class AuditController {
  private final Db db;
  private final Clock clock;

  public AuditController(Db db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Operation(summary = "Who changed what and when, with before/after")
  @Get("{?from,to,actor,resource,limit,offset}")
  public Map<String, Object> list(@Nullable @QueryValue String from, @Nullable @QueryValue String to,
      @Nullable @QueryValue String actor, @Nullable @QueryValue String resource, @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue Long offset, Authentication auth) {
    TimeRange range = TimeRange.parse(from, to, Duration.ofDays(30), clock.instant());
    Paging paging = Paging.of(limit, offset);
    Sql sql = new Sql("SELECT id, tenant, actor, action, resource, resource_id, before, after, at FROM audit_log"
        + " WHERE at >= ? AND at < ?", range.from(), range.to());
    sql.addIf(Caller.of(auth).tenant(), "AND tenant = ?");
    sql.addIf(Optional.ofNullable(actor), "AND actor = ?");
    sql.addIf(Optional.ofNullable(resource), "AND resource = ?");
    sql.add("ORDER BY at DESC, id DESC");
    return paging.page(db.list(paging.apply(sql)));
  }
}
