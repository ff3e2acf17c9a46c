package io.vigil.queryapi;

import static io.vigil.queryapi.QualityEndpointsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.queryapi.support.Http;
import io.vigil.queryapi.support.Seed;
import io.vigil.queryapi.support.TestEnv;
import io.vigil.queryapi.support.Tokens;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsRulesSilencesTest implements TestPropertyProvider {
  static final String T = "acme-a";
  static final String OTHER = "globex-a";
  static final String RULE = """
      {"rule_id":"%s","name":"High loss","source":"quality_window","metric":"loss_pct","aggregation":"avg",
       "op":"gt","threshold":5,"for_s":%s,"severity":"warning",
       "matchers":[{"label":"room","op":"re","value":"%s"}],"labels":{"team":"media"}}""";

  @Inject
  EmbeddedServer server;
  Http http;

  @Override
  public Map<String, String> getProperties() {
    return TestEnv.properties();
  }

  @BeforeAll
  void seed() {
    http = new Http(server.getURL().toString());
    Seed.alert(T, "fp-a-1", "firing", "s-1");
    Seed.alert(T, "fp-a-2", "resolved", "s-2");
    Seed.alert(OTHER, "fp-g-1", "firing", "s-9");
  }

  @Test
  void alertsAndHistoryAreTenantScoped() {
    JsonNode firing = http.get("/alerts?status=firing", Tokens.viewer(T)).json();
    assertThat(firing.get("items")).hasSize(1);
    assertThat(firing.get("items").get(0).get("labels").get("stream_id").asText()).isEqualTo("s-1");
    assertThat(http.get("/alerts?status=all", Tokens.viewer(T)).json().get("items")).hasSize(2);
    JsonNode history = http.get("/alerts/history?from=-1h", Tokens.viewer(T)).json();
    assertThat(history.get("items")).hasSize(2);
    assertThat(history.get("notifications").get(0).get("receiver").asText()).isEqualTo("slack");
    assertThat(http.get("/alerts?status=firing", Tokens.viewer("nobody-tenant")).json().get("items")).isEmpty();
    assertProblem(http.get("/alerts?status=burning", Tokens.viewer(T)), 400, "status");
    assertProblem(http.get("/alerts/history?to=soon", Tokens.viewer(T)), 400, "to");
    assertProblem(http.get("/alerts", null), 401, null);
  }

  @Test
  void adminManagesRulesAndEveryChangeIsAudited() {
    Http.Answer created = http.send("POST", "/alert-rules", Tokens.admin(T), RULE.formatted("r-loss", 30, "^lobby-.*"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("tenant").asText()).isEqualTo(T);
    assertThat(created.json().get("version").asLong()).isEqualTo(1);
    Http.Answer updated = http.send("PUT", "/alert-rules/r-loss", Tokens.admin(T), RULE.formatted("r-loss", 60, "x"));
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().get("for_s").asLong()).isEqualTo(60);
    assertThat(updated.json().get("version").asLong()).isEqualTo(2);
    assertThat(http.get("/alert-rules/r-loss", Tokens.viewer(T)).json().get("matchers").get(0).get("value")
        .asText()).isEqualTo("x");
    assertProblem(http.get("/alert-rules/r-loss", Tokens.viewer(OTHER)), 404, null);
    assertThat(http.get("/alert-rules", Tokens.viewer(OTHER)).json().get("items")).isEmpty();
    assertProblem(http.send("DELETE", "/alert-rules/r-loss", Tokens.admin(OTHER), null), 404, null);
    assertThat(http.send("DELETE", "/alert-rules/r-loss", Tokens.admin(T), null).status()).isEqualTo(204);
    assertProblem(http.get("/alert-rules/r-loss", Tokens.viewer(T)), 404, null);

    JsonNode audit = http.get("/audit?resource=alert_rule", Tokens.admin(T)).json();
    assertThat(audit.get("items")).hasSize(3);
    JsonNode put = audit.get("items").get(1);
    assertThat(put.get("action").asText()).isEqualTo("PUT /alert-rules/{id}");
    assertThat(put.get("actor").asText()).isEqualTo("ada");
    assertThat(put.get("before").get("for_s").asLong()).isEqualTo(30);
    assertThat(put.get("after").get("for_s").asLong()).isEqualTo(60);
    assertThat(http.get("/audit", Tokens.admin(OTHER)).json().get("items")).isEmpty();
    assertProblem(http.get("/audit", Tokens.operator(T)), 403, null);
  }

  @Test
  void invalidRulesAre400WithTheField() {
    assertProblem(http.send("POST", "/alert-rules", Tokens.admin(T),
        RULE.formatted("r-bad", 30, "x").replace("\"loss_pct\"", "\"happiness\"")), 400, "metric");
    assertProblem(http.send("POST", "/alert-rules", Tokens.admin(T), RULE.formatted("r-bad", 30, "([a-")), 400,
        "matchers[0].value");
    assertProblem(http.send("POST", "/alert-rules", Tokens.admin(T), RULE.formatted("r-bad", -5, "x")), 400,
        "for_s");
    assertProblem(http.send("POST", "/alert-rules", Tokens.admin(T), "{\"name\":"), 400, null);
    assertProblem(http.send("POST", "/alert-rules", Tokens.operator(T), RULE.formatted("r-op", 30, "x")), 403, null);
    assertProblem(http.send("POST", "/alert-rules", null, RULE.formatted("r-op", 30, "x")), 401, null);
  }

  @Test
  void operatorsSilenceAndExpire() {
    String body = "{\"matchers\":[{\"label\":\"stream_id\",\"value\":\"s-1\"}],\"duration\":\"2h\","
        + "\"comment\":\"maintenance\"}";
    Http.Answer created = http.send("POST", "/silences", Tokens.operator(T), body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(created.json().get("state").asText()).isEqualTo("active");
    assertThat(created.json().get("created_by").asText()).isEqualTo("otto");
    assertThat(http.get("/silences", Tokens.viewer(T)).json().get("items")).hasSize(1);
    assertThat(http.get("/silences", Tokens.viewer(OTHER)).json().get("items")).isEmpty();
    assertProblem(http.send("DELETE", "/silences/" + id, Tokens.operator(OTHER), null), 404, null);
    JsonNode expired = http.send("DELETE", "/silences/" + id, Tokens.operator(T), null).json();
    assertThat(expired.get("state").asText()).isEqualTo("expired");
    assertThat(http.get("/silences?state=expired", Tokens.viewer(T)).json().get("items")).hasSize(1);
    assertProblem(http.send("POST", "/silences", Tokens.viewer(T), body), 403, null);
    assertProblem(http.send("POST", "/silences", Tokens.operator(T), "{\"matchers\":[],\"duration\":\"1h\"}"), 400,
        "matchers");
    assertProblem(http.send("POST", "/silences", Tokens.operator(T),
        "{\"matchers\":[{\"label\":\"a\",\"value\":\"b\"}],\"duration\":\"forever\"}"), 400, "duration");
    assertProblem(http.get("/silences/not-a-uuid", Tokens.viewer(T)), 400, "id");
    assertProblem(http.get("/silences?state=odd", Tokens.viewer(T)), 400, "state");
  }
}
