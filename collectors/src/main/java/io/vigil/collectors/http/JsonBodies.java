package io.vigil.collectors.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;

/** Parsing and checking of push bodies; every failure is a {@link BadRequest} with the reason. */
public final class JsonBodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonBodies() {}

  public static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      throw new BadRequest("empty_body", "request body is empty; expected JSON");
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequest("bad_json", "malformed JSON: " + e.getOriginalMessage());
    }
  }

  public static String requiredText(JsonNode obj, String field, int maxLen) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      throw new BadRequest("missing_field", "'" + field + "' is required");
    }
    if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > maxLen) {
      throw new BadRequest("wrong_type", "'" + field + "' must be a non-empty string of at most " + maxLen + " chars");
    }
    return v.asText();
  }

  public static String optionalText(JsonNode obj, String field, int maxLen) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().length() > maxLen) {
      throw new BadRequest("wrong_type", "'" + field + "' must be a string of at most " + maxLen + " chars");
    }
    return v.asText();
  }

  /** Optional epoch-millis timestamp; refused when further than {@code maxSkew} from now. */
  public static Instant timestamp(JsonNode obj, String field, Instant now, Duration maxSkew) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return now;
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw new BadRequest("wrong_type", "'" + field + "' must be epoch milliseconds");
    }
    Instant ts = Instant.ofEpochMilli(v.asLong());
    if (Duration.between(ts, now).abs().compareTo(maxSkew) > 0) {
      throw new BadRequest("timestamp_out_of_range", "'" + field + "' " + ts + " is more than " + maxSkew.toSeconds()
          + " s from the agent's clock " + now);
    }
    return ts;
  }

  public static java.util.Map<String, String> labels(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    java.util.Map<String, String> out = new java.util.HashMap<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject() || v.size() > 64) {
      throw new BadRequest("wrong_type", "'" + field + "' must be an object of at most 64 string labels");
    }
    v.fields().forEachRemaining(e -> {
      if (!e.getValue().isValueNode() || e.getKey().length() > 128 || e.getValue().asText().length() > 512) {
        throw new BadRequest("wrong_type", "label '" + e.getKey() + "' must be a short scalar");
      }
      out.put(e.getKey(), e.getValue().asText());
    });
    return out;
  }
}
