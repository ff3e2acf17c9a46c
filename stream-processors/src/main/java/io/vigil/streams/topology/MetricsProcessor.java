package io.vigil.streams.topology;

import io.vigil.schemas.avro.MetricSample;
import io.vigil.streams.rules.Observations;
import io.vigil.streams.window.MetricWindows;
import io.vigil.streams.window.WindowAggregate;
import io.vigil.streams.window.WindowSpec;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Metrics stage (partitioned by source): per sample, instant rules on named application metrics (buffer depth,
 * synthesis latency, ...) and the 1 min window of its series; closed windows are emitted and evaluated by aggregate
 * metrics rules (avg/min/max/p95/count/last, and rate for counters).
 */
final class MetricsProcessor extends EvaluatingProcessor {
  private static final List<WindowSpec> SPECS = List.of(WindowSpec.ONE_MINUTE);
  private final TopologyContext shared;
  private WindowEngine windows;

  MetricsProcessor(TopologyContext shared) {
    super(shared, "metrics", ProcessorNames.METRICS_ALERTS_STORE);
    this.shared = shared;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    windows = new WindowEngine(context.getStateStore(ProcessorNames.METRIC_WINDOWS_STORE), shared.settings().grace(),
        context.currentSystemTimeMs(), SPECS);
  }

  @Override
  protected void onRecord(Record<String, Object> record) {
    MetricSample s = (MetricSample) record.value();
    long ts = s.getTs().toEpochMilli();
    boolean onTime = windows.add(ts, record.timestamp(), context.currentSystemTimeMs(),
        List.of(MetricWindows.dims(s)), agg -> MetricWindows.add(agg, ts, s.getValue()));
    if (!onTime) {
      lateRecord("metrics");
    }
    observe(Observations.metric(s));
  }

  @Override
  protected void closeWindows(long wallNow) {
    windows.closeDue(wallNow, this::emitWindow);
  }

  private void emitWindow(WindowAggregate agg) {
    var window = MetricWindows.toAvro(agg);
    context.forward(new Record<String, Object>(window.getSource(), window, agg.end()), ProcessorNames.METRIC_WINDOWS_SINK);
    observe(Observations.metricWindow(agg));
  }
}
