package io.vigil.collectors.webrtc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.collectors.http.BadRequest;
import io.vigil.collectors.http.JsonBodies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Parses and checks a push body in one streaming pass over its bytes. The identity members are small and read as a
 * tree so {@link JsonBodies} checks them as for every other endpoint; the {@code stats} report, nearly all of the
 * body, goes straight into {@link RtcStats} ({@link StatsReportReader}). Refusals are the same as parsing the whole
 * body as a tree first: malformed JSON anywhere is {@code bad_json}, then the shape and field checks.
 */
public final class WebRtcPushParser {
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build());

  private WebRtcPushParser() {}

  public static WebRtcPush parse(byte[] body, Instant now, Duration maxClockSkew) {
    if (isBlank(body)) {
      throw new BadRequest("empty_body", "request body is empty; expected JSON");
    }
    ObjectNode head = JSON.createObjectNode();
    StatsReport report = null;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        JSON.readTree(p); // malformed JSON is reported as such before the wrong shape
        throw new BadRequest("wrong_type", "body must be a JSON object with stream_id and stats");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("stats".equals(name) && (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT)) {
          report = StatsReportReader.read(p);
          head.remove(name);
        } else {
          head.set(name, JSON.readTree(p));
          if ("stats".equals(name)) {
            report = null; // a later duplicate wins, as in a tree
          }
        }
      }
    } catch (JsonProcessingException e) {
      throw new BadRequest("bad_json", "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a byte array: not expected
    }
    StreamIdentity id = new StreamIdentity(JsonBodies.requiredText(head, "stream_id", 200),
        JsonBodies.optionalText(head, "session_id", 200), JsonBodies.optionalText(head, "participant_id", 200),
        JsonBodies.optionalText(head, "room", 200), JsonBodies.optionalText(head, "source", 50),
        JsonBodies.labels(head, "labels"));
    Instant ts = JsonBodies.timestamp(head, "ts", now, maxClockSkew);
    if (report == null) {
      throw new BadRequest("wrong_type", "'stats' must be the getStats() report: an array or map of RTCStats");
    }
    return new WebRtcPush(id, ts, report);
  }

  private static boolean isBlank(byte[] body) {
    if (body == null) {
      return true;
    }
    for (byte b : body) {
      if ((b & 0xff) > ' ') {
        return false;
      }
    }
    return true;
  }
}
