package io.vigil.collectors.webrtc;

import java.time.Instant;

/** One checked {@code POST /v1/webrtc/stats} body: whose report it is, when it was taken, and the report. */
public record WebRtcPush(StreamIdentity identity, Instant ts, StatsReport report) {}
