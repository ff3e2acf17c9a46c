package io.vigil.queryapi.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;
import java.util.List;

/** Signs HS256 test tokens with the test secret. */
public final class Tokens {
  private Tokens() {}

  public static String token(String subject, String tenant, String... roles) {
    try {
      JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).claim("roles", List.of(roles))
          .issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 3_600_000));
      if (tenant != null) {
        claims.claim("tenant", tenant);
      }
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
      jwt.sign(new MACSigner(TestEnv.SECRET));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String viewer(String tenant) {
    return token("vera", tenant, "viewer");
  }

  public static String operator(String tenant) {
    return token("otto", tenant, "operator");
  }

  public static String admin(String tenant) {
    return token("ada", tenant, "admin");
  }
}
