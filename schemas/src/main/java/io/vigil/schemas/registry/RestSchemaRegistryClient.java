package io.vigil.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;

/**
 * Client for the Confluent Schema Registry REST API with an id/schema cache, so steady-state serialization makes
 * no HTTP calls. Works against Confluent's registry and the dev stack's.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI baseUri;
  private final HttpClient http;
  private final Duration timeout;
  private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final AtomicLong httpCalls = new AtomicLong();

  public RestSchemaRegistryClient(String baseUrl) {
    this(baseUrl, Duration.ofSeconds(10));
  }

  public RestSchemaRegistryClient(String baseUrl, Duration timeout) {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalArgumentException("schema registry URL is not set (schema.registry.url)");
    }
    // The first URL of a comma-separated list, as Confluent clients accept.
    String first = baseUrl.split(",")[0].trim();
    this.baseUri = URI.create(first.endsWith("/") ? first : first + "/");
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public int register(String subject, Schema schema) {
    Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = ids.get(schema);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = call("POST", "subjects/" + enc(subject) + "/versions", body(schema));
    int id = answer.path("id").asInt(-1);
    if (id < 0) {
      throw new SchemaRegistryException("registry answered without an id when registering " + subject + ": " + answer, -1);
    }
    ids.put(schema, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = call("GET", "schemas/ids/" + id, null);
    String text = answer.path("schema").asText(null);
    if (text == null) {
      throw new SchemaRegistryException("registry answered without a schema for id " + id, -1);
    }
    Schema schema = new Schema.Parser().parse(text);
    schemasById.put(id, schema);
    return schema;
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    try {
      JsonNode answer = call("POST", "compatibility/subjects/" + enc(subject) + "/versions/latest", body(schema));
      return answer.path("is_compatible").asBoolean(false);
    } catch (SchemaRegistryException.NotFound e) {
      return true; // nothing registered yet: anything is compatible
    }
  }

  /** HTTP calls made so far; lets tests prove the cache serves the steady state. */
  public long httpCalls() {
    return httpCalls.get();
  }

  private String body(Schema schema) {
    try {
      return JSON.writeValueAsString(Map.of("schema", schema.toString()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode call(String method, String path, String body) {
    URI uri = baseUri.resolve(path);
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", CONTENT_TYPE);
    if (body != null) {
      req.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      req.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> resp;
    try {
      httpCalls.incrementAndGet();
      resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SchemaRegistryException.Unavailable(
          "schema registry at " + baseUri + " is unreachable (" + method + " /" + path + "): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException.Unavailable("interrupted while calling the schema registry", e);
    }
    JsonNode json = parse(resp.body());
    int status = resp.statusCode();
    if (status >= 200 && status < 300) {
      return json;
    }
    int code = json.path("error_code").asInt(status);
    String message = json.path("message").asText(resp.body());
    String where = method + " " + uri;
    if (status == 409) {
      throw new SchemaRegistryException.Incompatible("schema is incompatible (" + where + "): " + message);
    }
    if (status == 404) {
      throw new SchemaRegistryException.NotFound("not found (" + where + "): " + message, code);
    }
    if (status >= 500) {
      throw new SchemaRegistryException.Unavailable("schema registry failed with HTTP " + status + " (" + where + "): " + message, null);
    }
    throw new SchemaRegistryException("schema registry refused " + where + " with HTTP " + status + ": " + message, code);
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode().put("message", body);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
