package io.vigil.queryapi.audit;

import io.vigil.queryapi.sql.Db;
import io.vigil.queryapi.sql.Sql;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;

/** Writes one audit_log row per mutating call, inside the caller's transaction so change and record agree. */
@Singleton
public class AuditLog {
  private final Db db;

  public AuditLog(Db db) {
    this.db = db;
  }

  public void record(Connection c, String tenant, String actor, String action, String resource, String resourceId,
      Object before, Object after) throws SQLException {
    db.update(c, new Sql("INSERT INTO audit_log (tenant, actor, action, resource, resource_id, before, after)"
        + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)",
        tenant, actor, action, resource, resourceId,
        before == null ? null : db.toJson(before), after == null ? null : db.toJson(after)));
  }
}
