package io.vigil.queryapi;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the query API service; configured by environment variables (see README of the module). */
@OpenAPIDefinition(
    info = @Info(title = "vigil-query-api", version = "0.1",
        description = "Vigil query API: streams, quality, health, alerts, rules, silences, audit. Errors are"
            + " application/problem+json; times are ISO-8601 UTC; units are in field names and 'units' maps."),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public final class Application {
  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

  private Application() {}

  public static void main(String[] args) {
    Micronaut.build(args).mainClass(Application.class).properties(envProperties(System.getenv())).start();
  }

  /** Properties that only exist when their variable is set (a JWKS URL), plus a warning for the dev secret. */
  static Map<String, Object> envProperties(Map<String, String> env) {
    Map<String, Object> p = new HashMap<>();
    String jwks = env.get("VIGIL_JWKS_URL");
    if (jwks != null && !jwks.isBlank()) {
      p.put("micronaut.security.token.jwt.signatures.jwks.vigil.url", jwks);
    }
    String secret = env.get("VIGIL_JWT_SECRET");
    if (secret == null || secret.isBlank()) {
      LOG.warn("VIGIL_JWT_SECRET is not set: using the development secret; never do this in production");
    } else if (secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
      throw new IllegalArgumentException("VIGIL_JWT_SECRET must be at least 32 bytes for HS256");
    }
    return p;
  }
}
