package io.vigil.devstack.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One participant's browser as the SFU sees it: a W3C getStats() report (inbound audio and video, the remote side's
 * view of what it sends, the nominated candidate pair, codecs) whose cumulative counters advance under an impairment.
 * Shapes and units follow Chromium's real reports (jitter and RTT in seconds, counters since the stream started).
 */
public final class SyntheticPeer {
  private static final double AUDIO_PPS = 50;   // Opus, 20 ms frames
  private static final double VIDEO_PPS = 110;  // VP8 ~1 Mbps
  private final Random random;
  private final long audioSsrc;
  private final long videoSsrc;
  private double audioReceived;
  private double audioLost;
  private double audioBytes;
  private double totalSamples;
  private double concealedSamples;
  private double jitterBufferDelay;
  private double jitterBufferEmitted;
  private double videoReceived;
  private double videoLost;
  private double videoBytes;
  private double framesDecoded;
  private double framesDropped;
  private double freezes;
  private double nacks;
  private double plis;
  private double outboundSent;

  public SyntheticPeer(long seed) {
    this.random = new Random(seed);
    this.audioSsrc = 100_000_000L + (seed * 7919L) % 900_000_000L;
    this.videoSsrc = audioSsrc + 1;
  }

  /** Advances the counters by {@code intervalS} seconds under {@code imp} and returns the report at {@code nowMs}. */
  public List<Map<String, Object>> report(long nowMs, Impairment imp, double intervalS) {
    double loss = Math.max(0, Math.min(100, imp.lossPct() * (0.8 + 0.4 * random.nextDouble()))) / 100.0;
    double audioSent = AUDIO_PPS * intervalS;
    audioLost += Math.round(audioSent * loss);
    audioReceived += audioSent - Math.round(audioSent * loss);
    audioBytes += (audioSent - audioSent * loss) * 120;
    double samples = 48_000 * intervalS;
    totalSamples += samples;
    concealedSamples += samples * loss * 1.2;
    double emitted = samples;
    jitterBufferEmitted += emitted;
    jitterBufferDelay += emitted * (0.02 + 2 * imp.jitterMs() / 1000.0);
    double videoSent = VIDEO_PPS * intervalS;
    videoLost += Math.round(videoSent * loss * 0.7);
    videoReceived += videoSent - Math.round(videoSent * loss * 0.7);
    videoBytes += videoSent * 1150;
    double fps = loss > 0.08 ? 18 : 30;
    framesDecoded += fps * intervalS;
    framesDropped += loss > 0.05 ? 2 * intervalS : 0;
    freezes += loss > 0.10 ? 1 : 0;
    nacks += Math.round(videoSent * loss * 0.7);
    plis += loss > 0.10 ? 1 : 0;
    outboundSent += audioSent;

    double jitterS = Math.max(0, imp.jitterMs() * (0.85 + 0.3 * random.nextDouble())) / 1000.0;
    double rttS = Math.max(0.001, imp.rttMs() * (0.9 + 0.2 * random.nextDouble())) / 1000.0;
    double ts = nowMs;
    List<Map<String, Object>> stats = new ArrayList<>();
    stats.add(obj("CP-pair", "candidate-pair", ts, "nominated", true, "state", "succeeded",
        "currentRoundTripTime", rttS, "localCandidateId", "CL-1", "remoteCandidateId", "CR-1",
        "bytesReceived", Math.round(audioBytes + videoBytes)));
    stats.add(obj("CL-1", "local-candidate", ts, "candidateType", "host", "protocol", "udp"));
    stats.add(obj("CR-1", "remote-candidate", ts, "candidateType", "host", "protocol", "udp"));
    stats.add(obj("CO-opus", "codec", ts, "mimeType", "audio/opus", "clockRate", 48000, "payloadType", 111));
    stats.add(obj("CO-vp8", "codec", ts, "mimeType", "video/VP8", "clockRate", 90000, "payloadType", 96));
    stats.add(obj("IT-a", "inbound-rtp", ts, "kind", "audio", "ssrc", audioSsrc, "mid", "0", "codecId", "CO-opus",
        "trackIdentifier", "audio-" + audioSsrc, "packetsReceived", Math.round(audioReceived),
        "packetsLost", Math.round(audioLost), "jitter", jitterS, "bytesReceived", Math.round(audioBytes),
        "totalSamplesReceived", Math.round(totalSamples), "concealedSamples", Math.round(concealedSamples),
        "jitterBufferDelay", jitterBufferDelay, "jitterBufferEmittedCount", Math.round(jitterBufferEmitted),
        "audioLevel", 0.05 + 0.1 * random.nextDouble()));
    stats.add(obj("IT-v", "inbound-rtp", ts, "kind", "video", "ssrc", videoSsrc, "mid", "1", "codecId", "CO-vp8",
        "trackIdentifier", "video-" + videoSsrc, "packetsReceived", Math.round(videoReceived),
        "packetsLost", Math.round(videoLost), "jitter", jitterS * 1.5, "bytesReceived", Math.round(videoBytes),
        "framesDecoded", Math.round(framesDecoded), "framesDropped", Math.round(framesDropped),
        "framesPerSecond", fps, "frameWidth", 1280, "frameHeight", 720, "freezeCount", Math.round(freezes),
        "nackCount", Math.round(nacks), "pliCount", Math.round(plis)));
    stats.add(obj("OT-a", "outbound-rtp", ts, "kind", "audio", "ssrc", audioSsrc + 1000, "codecId", "CO-opus",
        "packetsSent", Math.round(outboundSent), "bytesSent", Math.round(outboundSent * 120)));
    stats.add(obj("RI-a", "remote-inbound-rtp", ts, "kind", "audio", "ssrc", audioSsrc + 1000, "localId", "OT-a",
        "roundTripTime", rttS, "packetsLost", Math.round(outboundSent * loss), "fractionLost", loss, "jitter", jitterS));
    return stats;
  }

  private static Map<String, Object> obj(String id, String type, double ts, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("type", type);
    m.put("timestamp", ts);
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
