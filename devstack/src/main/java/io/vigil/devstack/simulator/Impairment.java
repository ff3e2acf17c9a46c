package io.vigil.devstack.simulator;

/** Network conditions one participant experiences: loss %, jitter and round-trip time in ms. */
public record Impairment(double lossPct, double jitterMs, double rttMs) {
  public static final Impairment HEALTHY = new Impairment(0.0, 4.0, 35.0);

  /** Linear blend from {@code a} (t=0) to {@code b} (t=1): scenarios ramp rather than jump. */
  public static Impairment ramp(Impairment a, Impairment b, double t) {
    double f = Math.max(0, Math.min(1, t));
    return new Impairment(a.lossPct + (b.lossPct - a.lossPct) * f, a.jitterMs + (b.jitterMs - a.jitterMs) * f,
        a.rttMs + (b.rttMs - a.rttMs) * f);
  }
}
