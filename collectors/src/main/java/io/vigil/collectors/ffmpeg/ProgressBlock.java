package io.vigil.collectors.ffmpeg;

/**
 * One FFmpeg {@code -progress} block. Null means N/A or absent; {@code end} is true for {@code progress=end}.
 * {@code outTimeUs} prefers out_time_us (out_time_ms is microseconds too, an FFmpeg quirk).
 */
public record ProgressBlock(Long frame, Double fps, Double bitrateKbps, Long totalSize, Long outTimeUs, Long dupFrames,
    Long dropFrames, Double speed, boolean end) {}
