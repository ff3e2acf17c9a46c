package io.vigil.queryapi.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A tiny HTTP client for tests that never throws on 4xx/5xx, so status and problem body can be asserted. */
public final class Http {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();
  private final String base;

  public Http(String base) {
    this.base = base;
  }

  /** Status, content type, Retry-After and body of one answer. */
  public record Answer(int status, String contentType, String retryAfter, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  public Answer get(String path, String token) {
    return send("GET", path, token, null);
  }

  public Answer send(String method, String path, String token, String jsonBody) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (jsonBody != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(jsonBody));
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(""),
          r.headers().firstValue("retry-after").orElse(null), r.body());
    } catch (Exception e) {
      throw new AssertionError(method + " " + path + " failed", e);
    }
  }
}
