package io.vigil.queryapi.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Pure health verdict over the summary figures: unhealthy when error rate, CPU or real-time factor cross limits. */
public record Verdict(boolean healthy, List<String> reasons) {
  /** Limits, configurable under vigil.health.*. */
  public record Thresholds(double maxErrorRate, double maxCpuPct, double minRealTimeFactor) {}

  public static Verdict of(Map<String, Object> summary, Thresholds t) {
    List<String> reasons = new ArrayList<>();
    Double err = num(summary.get("error_rate"));
    Double cpu = num(summary.get("cpu_pct_max"));
    Double rtf = num(summary.get("real_time_factor_min"));
    if (err != null && err > t.maxErrorRate()) {
      reasons.add("error_rate " + round(err) + " > " + t.maxErrorRate());
    }
    if (cpu != null && cpu > t.maxCpuPct()) {
      reasons.add("cpu_pct_max " + round(cpu) + " > " + t.maxCpuPct());
    }
    if (rtf != null && rtf < t.minRealTimeFactor()) {
      reasons.add("real_time_factor_min " + round(rtf) + " < " + t.minRealTimeFactor());
    }
    return new Verdict(reasons.isEmpty(), reasons);
  }

  private static Double num(Object o) {
    return o instanceof Number n ? n.doubleValue() : null;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
