package io.vigil.queryapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.queryapi.support.Http;
import io.vigil.queryapi.support.TestEnv;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthEndpointTest implements TestPropertyProvider {
  @Inject
  EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    return TestEnv.properties();
  }

  @Test
  void healthAndReadinessAnswerUpWithoutAToken() {
    Http http = new Http(server.getURL().toString());
    assertThat(http.get("/health", null).body()).contains("UP");
    assertThat(http.get("/health/readiness", null).status()).isEqualTo(200);
  }

  @Test
  void openApiDocumentAndConsoleAreServed() {
    Http http = new Http(server.getURL().toString());
    Http.Answer spec = http.get("/swagger/vigil-query-api-0.1.yml", null);
    assertThat(spec.status()).isEqualTo(200);
    assertThat(spec.body()).contains("/streams/{id}/quality-metrics").contains("/alert-rules");
    assertThat(http.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    Http.Answer console = http.get("/console/index.html", null);
    assertThat(console.status()).isEqualTo(200);
    assertThat(console.body()).contains("Vigil");
  }
}
