package io.vigil.devstack.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.devstack.auth.DevTokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevTokensTest {
  @TempDir
  Path home;

  @Test
  void tokensAreHs256SignedWithTheStacksOwnSecretAndCarryRolesAndTenant() throws Exception {
    DevTokens tokens = DevTokens.forHome(home);
    assertThat(DevTokens.forHome(home).secret()).as("secret is stable across runs").isEqualTo(tokens.secret());
    assertThat(tokens.secret().length()).isGreaterThanOrEqualTo(32);
    assertThat(Files.getPosixFilePermissions(home.resolve("jwt.secret")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    String[] parts = tokens.mint("ana", "operator", "acme", Duration.ofHours(1)).split("\\.");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(tokens.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
    assertThat(parts[2]).isEqualTo(expected);
    var claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(claims.get("sub").asText()).isEqualTo("ana");
    assertThat(claims.get("roles").toString()).isEqualTo("[\"operator\",\"viewer\"]");
    assertThat(claims.get("tenant").asText()).isEqualTo("acme");
    assertThat(claims.get("exp").asLong()).isGreaterThan(claims.get("iat").asLong());
    assertThatThrownBy(() -> tokens.mint("x", "root", null, Duration.ofHours(1))).hasMessageContaining("viewer, operator, admin");
  }
}
