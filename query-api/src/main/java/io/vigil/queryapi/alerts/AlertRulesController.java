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
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** CRUD of alert rules in the alert_rules table (CDC carries changes to Kafka); writes need the admin role. */
@Controller("/alert-rules")
@Tag(name = "alert-rules")
public class AlertRulesController {
  private static final String COLUMNS = "rule_id, tenant, name, enabled, source, metric, aggregation, \"window\", op,"
      + " threshold, for_s, keep_firing_for_s, absent_for_s, matchers, group_name AS \"group\", severity, labels,"
      + " annotations, version, updated_at, updated_by";

  private final Db db;
  private final AuditLog audit;

  public AlertRulesController(Db db, AuditLog audit) {
    this.db = db;
    this.audit = audit;
  }

  @Operation(summary = "List alert rules")
  @Secured({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
  @Get("{?limit,offset}")
  public Map<String, Object> list(@Nullable @QueryValue Integer limit, @Nullable @QueryValue Long offset,
      Authentication auth) {
    Paging paging = Paging.of(limit, offset);
    Sql sql = new Sql("SELECT " + COLUMNS + " FROM alert_rules WHERE true");
    sql.addIf(Caller.of(auth).tenant(), "AND tenant = ?");
    return paging.page(db.list(paging.apply(sql.add("ORDER BY rule_id"))));
  }

  @Operation(summary = "One alert rule")
  @Secured({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
  @Get("/{ruleId}")
  public Map<String, Object> get(@PathVariable String ruleId, Authentication auth) {
    return db.one(byId(ruleId, Caller.of(auth).tenant()))
        .orElseThrow(() -> ApiException.notFound("no alert rule " + ruleId));
  }

  @Operation(summary = "Create a rule; rule_id is generated unless given")
  @Secured(Roles.ADMIN)
  @Post
  public HttpResponse<Map<String, Object>> create(@Body Map<String, Object> body, Authentication auth) {
    Caller caller = Caller.of(auth);
    Object given = body == null ? null : body.get("rule_id");
    String ruleId = given == null ? UUID.randomUUID().toString() : given.toString();
    Map<String, Object> rule = RuleValidator.validate(ruleId, body);
    String tenant = caller.tenantForWrite(body.get("tenant") == null ? null : body.get("tenant").toString());
    Map<String, Object> saved = db.inTransaction(c -> {
      if (!db.list(c, new Sql("SELECT 1 FROM alert_rules WHERE rule_id = ?", ruleId)).isEmpty()) {
        throw new ApiException(HttpStatus.CONFLICT, "alert rule " + ruleId + " already exists", "rule_id");
      }
      db.update(c, new Sql("INSERT INTO alert_rules (rule_id, tenant, name, enabled, source, metric, aggregation,"
          + " \"window\", op, threshold, for_s, keep_firing_for_s, absent_for_s, matchers, group_name, severity,"
          + " labels, annotations, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
          + " ?::jsonb, ?, ?, ?::jsonb, ?::jsonb, 1, now(), ?)", values(ruleId, tenant, rule, caller)));
      Map<String, Object> after = db.list(c, byId(ruleId, Optional.empty())).get(0);
      audit.record(c, tenant, caller.actor(), "POST /alert-rules", "alert_rule", ruleId, null, after);
      return after;
    });
    return HttpResponse.<Map<String, Object>>status(HttpStatus.CREATED).body(saved);
  }

  @Operation(summary = "Replace a rule; its version goes up by one")
  @Secured(Roles.ADMIN)
  @Put("/{ruleId}")
  public Map<String, Object> update(@PathVariable String ruleId, @Body Map<String, Object> body,
      Authentication auth) {
    Caller caller = Caller.of(auth);
    Map<String, Object> rule = RuleValidator.validate(ruleId, body);
    return db.inTransaction(c -> {
      Map<String, Object> before = existing(c, ruleId, caller);
      Object[] v = values(ruleId, (String) before.get("tenant"), rule, caller);
      Object[] params = new Object[v.length - 2];
      System.arraycopy(v, 2, params, 0, params.length);
      Sql sql = new Sql("UPDATE alert_rules SET name = ?, enabled = ?, source = ?, metric = ?, aggregation = ?,"
          + " \"window\" = ?, op = ?, threshold = ?, for_s = ?, keep_firing_for_s = ?, absent_for_s = ?,"
          + " matchers = ?::jsonb, group_name = ?, severity = ?, labels = ?::jsonb, annotations = ?::jsonb,"
          + " updated_by = ?, version = version + 1, updated_at = now() WHERE rule_id = ?", params);
      sql.params().add(ruleId);
      db.update(c, sql);
      Map<String, Object> after = db.list(c, byId(ruleId, Optional.empty())).get(0);
      audit.record(c, (String) before.get("tenant"), caller.actor(), "PUT /alert-rules/{id}", "alert_rule", ruleId,
          before, after);
      return after;
    });
  }

  @Operation(summary = "Delete a rule (CDC turns it into a tombstone)")
  @Secured(Roles.ADMIN)
  @Delete("/{ruleId}")
  public HttpResponse<Void> delete(@PathVariable String ruleId, Authentication auth) {
    Caller caller = Caller.of(auth);
    db.inTransaction(c -> {
      Map<String, Object> before = existing(c, ruleId, caller);
      db.update(c, new Sql("DELETE FROM alert_rules WHERE rule_id = ?", ruleId));
      audit.record(c, (String) before.get("tenant"), caller.actor(), "DELETE /alert-rules/{id}", "alert_rule",
          ruleId, before, null);
      return null;
    });
    return HttpResponse.noContent();
  }

  private Map<String, Object> existing(Connection c, String ruleId, Caller caller) throws SQLException {
    List<Map<String, Object>> rows = db.list(c, byId(ruleId, caller.tenant()).add("FOR UPDATE"));
    if (rows.isEmpty()) {
      throw ApiException.notFound("no alert rule " + ruleId);
    }
    return rows.get(0);
  }

  private static Sql byId(String ruleId, Optional<String> tenant) {
    Sql sql = new Sql("SELECT " + COLUMNS + " FROM alert_rules WHERE rule_id = ?", ruleId);
    return sql.addIf(tenant, "AND tenant = ?");
  }

  private Object[] values(String ruleId, String tenant, Map<String, Object> r, Caller caller) {
    return new Object[] {ruleId, tenant, r.get("name"), r.get("enabled"), r.get("source"), r.get("metric"),
        r.get("aggregation"), r.get("window"), r.get("op"), r.get("threshold"), r.get("for_s"),
        r.get("keep_firing_for_s"), r.get("absent_for_s"), db.toJson(r.get("matchers")), r.get("group"),
        r.get("severity"), db.toJson(r.get("labels")), db.toJson(r.get("annotations")), caller.actor()};
  }
}
