package io.vigil.queryapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.token.TokenAuthenticationFetcher;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.queryapi.access.CachedTokenAuthenticationFetcher;
import io.vigil.queryapi.support.Http;
import io.vigil.queryapi.support.TestEnv;
import io.vigil.queryapi.support.Tokens;
import jakarta.inject.Inject;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A validated token is remembered, and the memory never accepts what validation would refuse. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenCacheTest implements TestPropertyProvider {
  @Inject
  EmbeddedServer server;
  @Inject
  TokenAuthenticationFetcher fetcher;
  Http http;

  @Override
  public Map<String, String> getProperties() {
    return TestEnv.properties();
  }

  @BeforeAll
  void client() {
    http = new Http(server.getURL().toString());
  }

  @Test
  void theCachingFetcherReplacesMicronautsAndRemembersValidTokensOnly() {
    assertThat(fetcher).isInstanceOf(CachedTokenAuthenticationFetcher.class);
    CachedTokenAuthenticationFetcher cached = (CachedTokenAuthenticationFetcher) fetcher;
    int before = cached.cachedTokens();
    assertThat(http.get("/streams?status=active", Tokens.token("new-one", "acme-tc", "viewer")).status())
        .isEqualTo(200);
    assertThat(cached.cachedTokens()).isEqualTo(before + 1);
    assertThat(http.get("/streams?status=active", "not.a.jwt").status()).isEqualTo(401);
    assertThat(cached.cachedTokens()).isEqualTo(before + 1);
  }

  @Test
  void aForgedSignatureIsRefusedRightAfterTheRealTokenWasCached() {
    String real = Tokens.viewer("acme-tc");
    assertThat(http.get("/streams?status=active", real).status()).isEqualTo(200);
    assertThat(http.get("/streams?status=active", real).status()).isEqualTo(200);
    String forged = real.substring(0, real.lastIndexOf('.') + 1) + "AAAA" + real.substring(real.lastIndexOf('.') + 5);
    assertThat(http.get("/streams?status=active", forged).status()).isEqualTo(401);
  }

  @Test
  void rolesComeBackFromTheCacheToo() {
    String guest = Tokens.token("gus", "acme-tc", "guest");
    assertThat(http.get("/streams?status=active", guest).status()).isEqualTo(403);
    assertThat(http.get("/streams?status=active", guest).status()).isEqualTo(403);
    String viewer = Tokens.viewer("acme-tc");
    assertThat(http.get("/audit", viewer).status()).isEqualTo(403);
    assertThat(http.get("/audit", viewer).status()).isEqualTo(403);
  }

  @Test
  void aCachedTokenStopsWorkingWhenItExpires() throws Exception {
    long expSecond = System.currentTimeMillis() / 1000 + 2;
    String shortLived = sign(new Date(expSecond * 1000));
    assertThat(http.get("/streams?status=active", shortLived).status()).isEqualTo(200);
    Thread.sleep(Math.max(0, expSecond * 1000 - System.currentTimeMillis()) + 1_100);
    assertThat(http.get("/streams?status=active", shortLived).status()).isEqualTo(401);
  }

  private static String sign(Date exp) throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("shorty").claim("roles", List.of("viewer"))
        .claim("tenant", "acme-tc").expirationTime(exp).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(TestEnv.SECRET));
    return jwt.serialize();
  }
}
