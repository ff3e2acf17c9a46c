package io.vigil.collectors.webrtc;

import java.util.HashMap;
import java.util.Map;

/**
 * The RTCStats members the interval math reads (W3C webrtc-stats names). Anything else in a report is skipped while
 * parsing, so a stats object costs one small array instead of a JSON tree with a hash map.
 */
public enum StatField {
  id, type, kind, mediaType, ssrc, timestamp, remoteId, trackIdentifier, codecId, mimeType,
  packetsReceived, packetsSent, packetsLost, bytesReceived, bytesSent, jitter, roundTripTime, audioLevel,
  concealedSamples, totalSamplesReceived, jitterBufferDelay, jitterBufferEmittedCount,
  framesDecoded, framesEncoded, framesDropped, framesPerSecond, frameWidth, frameHeight, freezeCount, nackCount,
  pliCount, qualityLimitationReason,
  selectedCandidatePairId, currentRoundTripTime, nominated, state, localCandidateId, remoteCandidateId, candidateType;

  static final int COUNT = values().length;
  private static final Map<String, StatField> BY_NAME = new HashMap<>();

  static {
    for (StatField f : values()) {
      BY_NAME.put(f.name(), f);
    }
  }

  /** The field of that JSON member name, or null for members the agent does not read. */
  static StatField byName(String name) {
    return BY_NAME.get(name);
  }
}
