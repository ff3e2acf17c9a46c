package io.vigil.queryapi.problem;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds RFC 9457 problem+json bodies; the only place that decides their shape. */
public final class Problem {
  public static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");

  private Problem() {}

  public static Map<String, Object> body(HttpStatus status, String detail, String param, String instance) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("type", "about:blank");
    b.put("title", status.getReason());
    b.put("status", status.getCode());
    if (detail != null) {
      b.put("detail", detail);
    }
    if (param != null) {
      b.put("param", param);
    }
    if (instance != null) {
      b.put("instance", instance);
    }
    return b;
  }

  public static MutableHttpResponse<Map<String, Object>> response(
      HttpStatus status, String detail, String param, String instance) {
    return HttpResponse.<Map<String, Object>>status(status)
        .contentType(PROBLEM_JSON)
        .body(body(status, detail, param, instance));
  }
}
