package io.vigil.collectors.ffmpeg;

import io.vigil.schemas.avro.Component;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The HealthSample of one FFmpeg process, the same whether the agent supervises it or attached to it: identity and
 * status, its /proc figures while it runs, and what its last progress block said. Pure.
 */
final class FfmpegHealth {
  private FfmpegHealth() {}

  /** Identity and status; {@code pid} null reports the job by name (not started, or not found). */
  static HealthSample.Builder of(String tenant, String nodeId, long seq, Instant now, String name, Long pid,
      String streamId, HealthStatus status, Integer exitCode, int restarts, Map<String, String> labels) {
    return HealthSample.newBuilder().setEventId(UUID.randomUUID().toString()).setTs(now).setTenant(tenant)
        .setNodeId(nodeId).setCollectorSeq(seq).setLabels(labels).setComponent(Component.ffmpeg)
        .setInstance(pid == null ? name : Long.toString(pid)).setStreamId(streamId).setStatus(status)
        .setExitCode(exitCode).setRestarts(restarts).setExtra(new HashMap<>());
  }

  /** CPU, RSS and threads of a process that is still there (a sample may be missing right after start). */
  static HealthSample.Builder withProc(HealthSample.Builder h, Double cpuPct, ProcSample proc) {
    h.setCpuPct(cpuPct);
    if (proc != null) {
      h.setRssMb(proc.rssMb()).setThreads(proc.threads());
    }
    return h;
  }

  /** Speed, fps, bitrate, media time and frame counts from the last progress block, if one arrived. */
  static HealthSample.Builder withProgress(HealthSample.Builder h, ProgressBlock b) {
    if (b != null) {
      h.setFps(b.fps()).setSpeed(b.speed()).setBitrateKbps(b.bitrateKbps())
          .setOutTimeMs(b.outTimeUs() == null ? null : b.outTimeUs() / 1000).setFrames(b.frame())
          .setDropFrames(b.dropFrames()).setDupFrames(b.dupFrames());
    }
    return h;
  }
}
