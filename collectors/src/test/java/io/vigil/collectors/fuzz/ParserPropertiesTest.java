package io.vigil.collectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.collectors.ffmpeg.ProcParser;
import io.vigil.collectors.ffmpeg.ProgressBlock;
import io.vigil.collectors.ffmpeg.ProgressParser;
import io.vigil.collectors.http.BadRequest;
import io.vigil.collectors.push.MetricPushMapper;
import io.vigil.collectors.webrtc.StreamIdentity;
import io.vigil.collectors.webrtc.WebRtcIntervalCalculator;
import io.vigil.collectors.webrtc.WebRtcPush;
import io.vigil.collectors.webrtc.WebRtcPushParser;
import io.vigil.schemas.avro.QualitySample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Property tests with seeded random input (reproducible; seed in the failure message): the parsers never fail with
 * anything but a clear IllegalArgumentException/BadRequest, and never emit NaN, infinite or negative numbers.
 */
class ParserPropertiesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String[] TYPES = {"inbound-rtp", "outbound-rtp", "remote-inbound-rtp", "candidate-pair", "transport",
      "codec", "bogus", ""};
  static final String[] FIELDS = {"packetsReceived", "packetsLost", "bytesReceived", "bytesSent", "packetsSent",
      "jitter", "roundTripTime", "currentRoundTripTime", "concealedSamples", "totalSamplesReceived", "jitterBufferDelay",
      "jitterBufferEmittedCount", "framesPerSecond", "frameWidth", "frameHeight", "nackCount", "pliCount",
      "freezeCount", "framesDropped", "audioLevel", "timestamp", "ssrc"};

  static JsonNode randomValue(Random r) {
    return switch (r.nextInt(9)) {
      case 0 -> JSON.getNodeFactory().numberNode(r.nextLong());
      case 1 -> JSON.getNodeFactory().numberNode(-r.nextDouble() * 1e6);
      case 2 -> JSON.getNodeFactory().textNode("NaN");
      case 3 -> JSON.getNodeFactory().nullNode();
      case 4 -> JSON.getNodeFactory().numberNode(Double.MAX_VALUE);
      case 5 -> JSON.getNodeFactory().booleanNode(r.nextBoolean());
      case 6 -> JSON.createArrayNode();
      default -> JSON.getNodeFactory().numberNode(r.nextInt(100_000) + r.nextDouble());
    };
  }

  static JsonNode randomReport(Random r) {
    ArrayNode a = JSON.createArrayNode();
    int n = r.nextInt(8);
    for (int i = 0; i < n; i++) {
      ObjectNode s = a.addObject();
      s.put("id", "id" + r.nextInt(4));
      s.put("type", TYPES[r.nextInt(TYPES.length)]);
      s.put("kind", r.nextBoolean() ? "audio" : r.nextBoolean() ? "video" : "data");
      for (String f : FIELDS) {
        if (r.nextInt(3) > 0) {
          s.set(f, randomValue(r));
        }
      }
      if (r.nextInt(4) == 0) {
        s.put("remoteId", "id" + r.nextInt(4));
      }
    }
    return a;
  }

  static void assertSane(QualitySample s) {
    for (Object v : List.of(nz(s.getLossPct()), nz(s.getJitterMs()), nz(s.getRttMs()), nz(s.getBitrateKbps()),
        nz(s.getConcealmentPct()), nz(s.getJitterBufferMs()), nz(s.getFramesPerSecond()))) {
      double d = (Double) v;
      assertThat(Double.isFinite(d) && d >= 0).as("finite non-negative: %s", s).isTrue();
    }
    if (s.getLossPct() != null) {
      assertThat(s.getLossPct()).isBetween(0.0, 100.0);
    }
  }

  static Double nz(Double d) {
    return d == null ? 0.0 : d;
  }

  @Test
  void statsCalculatorSurvivesRandomReports() {
    for (long seed = 0; seed < 3_000; seed++) {
      Random r = new Random(seed);
      WebRtcIntervalCalculator calc = new WebRtcIntervalCalculator("fuzz");
      for (int i = 0; i < 4; i++) {
        try {
          calc.update(StreamIdentity.of("s", "p"), randomReport(r), Instant.EPOCH).forEach(ParserPropertiesTest::assertSane);
        } catch (IllegalArgumentException expected) {
          // a clear refusal is fine
        } catch (RuntimeException e) {
          throw new AssertionError("seed " + seed + ": " + e, e);
        }
      }
    }
  }

  /** The push body parser streams bytes: truncated, mutated or random bodies are BadRequest and nothing else. */
  @Test
  void pushParserRefusesMangledBodiesWithBadRequestOnly() {
    for (long seed = 0; seed < 3_000; seed++) {
      Random r = new Random(seed);
      ObjectNode body = JSON.createObjectNode();
      body.set("stream_id", r.nextInt(5) > 0 ? JSON.getNodeFactory().textNode("s") : randomValue(r));
      body.set(r.nextInt(8) > 0 ? "stats" : "ts", r.nextInt(6) > 0 ? randomReport(r) : randomValue(r));
      byte[] bytes = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      switch (r.nextInt(3)) {
        case 0 -> bytes = java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length + 1));
        case 1 -> bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
        default -> { }
      }
      try {
        WebRtcPush push = WebRtcPushParser.parse(bytes, Instant.now(), Duration.ofMinutes(5));
        new WebRtcIntervalCalculator("fuzz").update(push.identity(), push.report(), push.ts())
            .forEach(ParserPropertiesTest::assertSane);
      } catch (BadRequest expected) {
        assertThat(expected.getMessage()).isNotBlank();
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ": " + e, e);
      }
    }
  }

  @Test
  void progressParserSurvivesRandomLines() {
    String[] keys = {"frame", "fps", "bitrate", "total_size", "out_time_us", "out_time_ms", "speed", "drop_frames",
        "dup_frames", "progress", "", "=", "x"};
    for (long seed = 0; seed < 2_000; seed++) {
      Random r = new Random(seed);
      ProgressParser p = new ProgressParser();
      for (int i = 0; i < 50; i++) {
        String line = keys[r.nextInt(keys.length)] + (r.nextBoolean() ? "=" : "") + randomText(r);
        ProgressBlock b = p.accept(line);
        if (b != null) {
          for (Double d : new Double[] {b.fps(), b.speed(), b.bitrateKbps()}) {
            assertThat(d == null || (Double.isFinite(d) && d >= 0)).as("seed %d: %s", seed, b).isTrue();
          }
        }
      }
    }
  }

  @Test
  void procParserRefusesGarbageClearly() {
    for (long seed = 0; seed < 2_000; seed++) {
      Random r = new Random(seed);
      String stat = r.nextInt(5) + " (" + randomText(r) + ") " + randomText(r);
      try {
        ProcParser.parse(stat, randomText(r));
      } catch (IllegalArgumentException expected) {
        // NumberFormatException is one too
      }
    }
  }

  @Test
  void metricMapperRefusesBadInputWithBadRequestOnly() {
    for (long seed = 0; seed < 2_000; seed++) {
      Random r = new Random(seed);
      ObjectNode req = JSON.createObjectNode();
      if (r.nextInt(5) > 0) {
        req.set("source", r.nextBoolean() ? JSON.getNodeFactory().textNode("app") : randomValue(r));
      }
      ArrayNode ms = req.putArray("metrics");
      for (int i = 0; i < r.nextInt(4); i++) {
        ObjectNode m = ms.addObject();
        m.put("name", r.nextBoolean() ? "m_" + i : randomText(r));
        m.put("kind", new String[] {"gauge", "counter", "histogram", "timer", "nope"}[r.nextInt(5)]);
        m.set("value", randomValue(r));
        m.set("sum", randomValue(r));
        m.set("count", randomValue(r));
      }
      try {
        MetricPushMapper.map(req, "n", "default", new AtomicLong()::incrementAndGet, Instant.now(), Duration.ofMinutes(5))
            .forEach(s -> assertThat(s.getValue() == null || Double.isFinite(s.getValue())).isTrue());
      } catch (BadRequest expected) {
        assertThat(expected.getMessage()).isNotBlank();
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ": " + e, e);
      }
    }
  }

  static String randomText(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(20);
    String alphabet = "0123456789 .-xN/A()\t:=eE+";
    for (int i = 0; i < n; i++) {
      sb.append(r.nextInt(10) == 0 ? (char) r.nextInt(0x3000) : alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
