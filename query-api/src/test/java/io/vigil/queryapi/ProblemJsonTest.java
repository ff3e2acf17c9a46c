package io.vigil.queryapi;

import static io.vigil.queryapi.QualityEndpointsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.queryapi.support.Http;
import io.vigil.queryapi.support.TestEnv;
import io.vigil.queryapi.support.Tokens;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemJsonTest implements TestPropertyProvider {
  @Inject
  EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = TestEnv.properties();
    p.put("vigil.rate-limit.per-minute", "60");
    p.put("vigil.rate-limit.burst", "5");
    return p;
  }

  @Test
  void unknownRouteIsA404Problem() {
    Http http = new Http(server.getURL().toString());
    assertProblem(http.get("/no/such/thing", Tokens.viewer("t-p")), 404, null);
  }

  @Test
  void kafkaOrRegistryDownIsA503ProblemNotA500() {
    Http http = new Http(server.getURL().toString());
    Http.Answer a = http.send("POST", "/streams/any/quality-metrics/collect", Tokens.operator("t-p"), null);
    assertProblem(a, 503, null);
    assertThat(a.json().get("detail").asText()).contains("unavailable");
  }

  @Test
  void aClientOverItsLimitGets429WithRetryAfterAndOthersDoNot() {
    Http http = new Http(server.getURL().toString());
    String flooder = Tokens.token("flood", "t-p", "viewer");
    Http.Answer last = null;
    for (int i = 0; i < 10; i++) {
      last = http.get("/alerts", flooder);
    }
    assertProblem(last, 429, null);
    assertThat(Long.parseLong(last.retryAfter())).isBetween(1L, 60L);
    assertThat(http.get("/alerts", Tokens.token("calm", "t-p", "viewer")).status()).isEqualTo(200);
    assertThat(http.get("/health", null).status()).isEqualTo(200);
  }
}
