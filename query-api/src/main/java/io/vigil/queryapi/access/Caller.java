package io.vigil.queryapi.access;

import io.micronaut.security.authentication.Authentication;
import java.util.Optional;

/**
 * Who is calling: the subject for the audit log, and the tenant claim that, when present, restricts every query and
 * write to that tenant's rows.
 */
public record Caller(String actor, Optional<String> tenant) {
  public static final String TENANT_CLAIM = "tenant";
  public static final String DEFAULT_TENANT = "default";

  public static Caller of(Authentication auth) {
    Object t = auth.getAttributes().get(TENANT_CLAIM);
    String tenant = t == null || t.toString().isBlank() ? null : t.toString();
    return new Caller(auth.getName(), Optional.ofNullable(tenant));
  }

  /** The tenant new rows belong to: the caller's own, or the requested one for an unscoped caller. */
  public String tenantForWrite(String requested) {
    return tenant.orElse(requested == null || requested.isBlank() ? DEFAULT_TENANT : requested);
  }
}
