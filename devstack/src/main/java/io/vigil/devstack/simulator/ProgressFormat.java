package io.vigil.devstack.simulator;

import java.util.Locale;

/**
 * FFmpeg's {@code -progress} block, byte for byte in the shape FFmpeg 5-7 writes it (see the fixtures under
 * ../shared/fixtures/ffmpeg): the same keys in the same order, {@code N/A} where an HLS muxer has no size yet,
 * {@code out_time_ms} carrying microseconds like {@code out_time_us}, and {@code speed} printed as C's {@code %4.3gx}.
 */
public final class ProgressFormat {
  private ProgressFormat() {}

  /** One block ending in {@code progress=continue} (or {@code end} for the last one). */
  public static String block(long frame, double fps, long outTimeUs, double speed, boolean end) {
    String q = frame > 0 && outTimeUs > 0 ? "29.0" : "0.0";
    return "frame=" + frame + "\n"
        + "fps=" + String.format(Locale.ROOT, "%.2f", fps) + "\n"
        + "stream_0_0_q=" + q + "\n"
        + "bitrate=N/A\n"
        + "total_size=N/A\n"
        + "out_time_us=" + outTimeUs + "\n"
        + "out_time_ms=" + outTimeUs + "\n"
        + "out_time=" + outTime(outTimeUs) + "\n"
        + "dup_frames=0\n"
        + "drop_frames=0\n"
        + "speed=" + speed(speed) + "\n"
        + "progress=" + (end ? "end" : "continue") + "\n";
  }

  /** {@code HH:MM:SS.micros}, as FFmpeg prints out_time. */
  static String outTime(long us) {
    long s = us / 1_000_000;
    return String.format(Locale.ROOT, "%02d:%02d:%02d.%06d", s / 3600, s / 60 % 60, s % 60, us % 1_000_000);
  }

  /** C's {@code %4.3gx}: three significant digits, trailing zeros dropped, right-aligned in four characters. */
  static String speed(double x) {
    if (!(x > 0) || Double.isInfinite(x)) {
      return "   0x";
    }
    String digits = new java.math.BigDecimal(x).round(new java.math.MathContext(3)).stripTrailingZeros()
        .toPlainString();
    return String.format(Locale.ROOT, "%4s", digits) + "x";
  }
}
