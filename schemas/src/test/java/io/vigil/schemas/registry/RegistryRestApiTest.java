package io.vigil.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.schemas.registry.server.RegistryHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Confluent REST subset, status codes and error codes as Confluent's clients expect them. */
class RegistryRestApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static RegistryHttpServer server;

  static final String V1 = "{\"type\":\"record\",\"name\":\"Rest\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
  static final String V2 = "{\"type\":\"record\",\"name\":\"Rest\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
      + "{\"name\":\"b\",\"type\":[\"null\",\"long\"],\"default\":null}]}";

  @BeforeAll
  static void start() {
    server = RegistryServerFixture.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Answer(int status, JsonNode body) {}

  static Answer call(String method, String path, String body) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(server.url() + path))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), JSON.readTree(r.body()));
  }

  static String schemaBody(String schema) throws Exception {
    return JSON.writeValueAsString(java.util.Map.of("schema", schema));
  }

  @Test
  void subjectsVersionsLatestAndLookup() throws Exception {
    assertThat(call("POST", "/subjects/rest-value/versions", schemaBody(V1)).status()).isEqualTo(200);
    Answer second = call("POST", "/subjects/rest-value/versions", schemaBody(V2));
    assertThat(second.status()).isEqualTo(200);

    assertThat(call("GET", "/subjects", null).body().toString()).contains("rest-value");
    assertThat(call("GET", "/subjects/rest-value/versions", null).body().toString()).isEqualTo("[1,2]");
    Answer latest = call("GET", "/subjects/rest-value/versions/latest", null);
    assertThat(latest.body().get("version").asInt()).isEqualTo(2);
    assertThat(latest.body().get("id").asInt()).isEqualTo(second.body().get("id").asInt());
    assertThat(call("GET", "/subjects/rest-value/versions/1", null).body().get("schema").asText()).contains("Rest");

    Answer lookup = call("POST", "/subjects/rest-value", schemaBody(V1));
    assertThat(lookup.status()).isEqualTo(200);
    assertThat(lookup.body().get("version").asInt()).isEqualTo(1);
  }

  @Test
  void errorsUseConfluentCodes() throws Exception {
    Answer noSubject = call("GET", "/subjects/nope-value/versions", null);
    assertThat(noSubject.status()).isEqualTo(404);
    assertThat(noSubject.body().get("error_code").asInt()).isEqualTo(40401);

    call("POST", "/subjects/codes-value/versions", schemaBody(V1));
    Answer noVersion = call("GET", "/subjects/codes-value/versions/9", null);
    assertThat(noVersion.body().get("error_code").asInt()).isEqualTo(40402);
    assertThat(call("GET", "/subjects/codes-value/versions/abc", null).body().get("error_code").asInt()).isEqualTo(42202);

    Answer badSchema = call("POST", "/subjects/codes-value/versions", "{\"schema\":\"{not avro\"}");
    assertThat(badSchema.status()).isEqualTo(422);
    assertThat(badSchema.body().get("error_code").asInt()).isEqualTo(42201);

    Answer malformed = call("POST", "/subjects/codes-value/versions", "{{{");
    assertThat(malformed.status()).isEqualTo(400);
  }

  @Test
  void configIsGlobalOrPerSubjectAndGuardsCompatibility() throws Exception {
    assertThat(call("GET", "/config", null).body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    String dropsA = "{\"type\":\"record\",\"name\":\"Rest\",\"fields\":[{\"name\":\"z\",\"type\":\"int\"}]}";
    call("POST", "/subjects/cfg-value/versions", schemaBody(V1));

    Answer check = call("POST", "/compatibility/subjects/cfg-value/versions/latest", schemaBody(dropsA));
    assertThat(check.body().get("is_compatible").asBoolean()).isFalse();
    assertThat(check.body().get("messages").toString()).contains("z");
    Answer refused = call("POST", "/subjects/cfg-value/versions", schemaBody(dropsA));
    assertThat(refused.status()).isEqualTo(409);

    assertThat(call("PUT", "/config/cfg-value", "{\"compatibility\":\"NONE\"}").body().get("compatibility").asText())
        .isEqualTo("NONE");
    assertThat(call("GET", "/config/cfg-value", null).body().get("compatibilityLevel").asText()).isEqualTo("NONE");
    assertThat(call("GET", "/config", null).body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    assertThat(call("POST", "/subjects/cfg-value/versions", schemaBody(dropsA)).status()).isEqualTo(200);
    assertThat(call("PUT", "/config", "{\"compatibility\":\"SIDEWAYS\"}").status()).isEqualTo(422);
  }
}
