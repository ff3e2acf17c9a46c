package io.vigil.devstack.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The dev stack's API credentials: a per-stack HS256 secret kept in the dev directory (handed to the query API), and
 * bearer tokens signed with it for a role and optional tenant — the claims the API reads (roles, tenant).
 */
public final class DevTokens {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final byte[] secret;

  private DevTokens(byte[] secret) {
    this.secret = secret;
  }

  /** Loads the stack's secret, creating a random one (readable only by its owner) on first use. */
  public static DevTokens forHome(Path home) throws IOException {
    Path file = home.resolve("jwt.secret");
    if (!Files.exists(file)) {
      Files.createDirectories(home);
      byte[] random = new byte[48];
      new SecureRandom().nextBytes(random);
      Files.writeString(file, Base64.getEncoder().encodeToString(random));
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the dev directory's own permissions apply
      }
    }
    return new DevTokens(Files.readString(file).trim().getBytes(StandardCharsets.UTF_8));
  }

  /** The secret as the API's VIGIL_JWT_SECRET. */
  public String secret() {
    return new String(secret, StandardCharsets.UTF_8);
  }

  /** A signed token: admin carries every role (the API checks roles, not a hierarchy). */
  public String mint(String subject, String role, String tenant, Duration validity) {
    List<String> roles = switch (role) {
      case "admin" -> List.of("admin", "operator", "viewer");
      case "operator" -> List.of("operator", "viewer");
      case "viewer" -> List.of("viewer");
      default -> throw new IllegalArgumentException("unknown role '" + role + "'; one of viewer, operator, admin");
    };
    Instant now = Instant.now();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", subject);
    claims.put("roles", roles);
    if (tenant != null && !tenant.isBlank()) {
      claims.put("tenant", tenant);
    }
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(validity).getEpochSecond());
    try {
      String header = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
      String payload = B64.encodeToString(JSON.writeValueAsBytes(claims));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      String signature = B64.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
      return header + "." + payload + "." + signature;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a dev token", e);
    }
  }
}
