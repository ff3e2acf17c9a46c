package io.vigil.streams.score;

/**
 * Audio MOS from the simplified E-model used by twilio-video and LiveKit (ARCHITECTURE section 4). Pure and versioned:
 * if the formula ever changes, bump {@link #VERSION} so stored scores from different formulas are never compared blindly.
 */
public final class MosScore {
  /** Version of the formula, recorded with alerts generated from MOS. */
  public static final int VERSION = 1;

  private MosScore() {}

  /**
   * @param rttMs round-trip time in ms (callers pass 0 when unknown: RTT is often missing on receive-only tracks)
   * @param jitterMs interarrival jitter in ms
   * @param lossPct packet loss 0..100
   * @return MOS in [1, 4.5]
   */
  public static double mos(double rttMs, double jitterMs, double lossPct) {
    double effectiveLatency = rttMs + 2 * jitterMs + 10;
    double r = effectiveLatency < 160 ? 93.2 - effectiveLatency / 40 : 93.2 - (effectiveLatency - 120) / 10;
    r = r - 2.5 * lossPct;
    // ITU-T G.107 bounds: the cubic term turns positive again for R < 0, so a terrible call would score 4.5
    // if only the result were clamped. Below 0 the call is unusable (MOS 1); above 100 it is the ceiling.
    if (r <= 0) {
      return 1.0;
    }
    if (r >= 100) {
      return 4.5;
    }
    double mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
    return Math.max(1.0, Math.min(4.5, mos));
  }
}
