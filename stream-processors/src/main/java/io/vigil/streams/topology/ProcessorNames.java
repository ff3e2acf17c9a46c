package io.vigil.streams.topology;

/** Node and store names of the topology, shared by the builder and the processors that forward to children. */
public final class ProcessorNames {
  public static final String RULES_STORE = "vigil-rules";
  public static final String LIFECYCLE_STORE = "lifecycle-state";
  public static final String QUALITY_WINDOWS_STORE = "quality-windows";
  public static final String QUALITY_ALERTS_STORE = "quality-alerts";
  public static final String HEALTH_WINDOWS_STORE = "health-windows";
  public static final String HEALTH_ALERTS_STORE = "health-alerts";
  public static final String METRIC_WINDOWS_STORE = "metric-windows";
  public static final String METRICS_ALERTS_STORE = "metrics-alerts";

  public static final String DLQ_SINK = "dlq-sink";
  public static final String QUALITY_WINDOWS_SINK = "quality-windows-sink";
  public static final String HEALTH_WINDOWS_SINK = "health-windows-sink";
  public static final String METRIC_WINDOWS_SINK = "metric-windows-sink";
  public static final String ALERTS_SINK = "alerts-sink";

  private ProcessorNames() {}
}
