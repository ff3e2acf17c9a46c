package io.vigil.streams.topology;

import io.vigil.schemas.avro.HealthSample;
import io.vigil.streams.rules.AlertState;
import io.vigil.streams.rules.Observations;
import io.vigil.streams.window.HealthWindows;
import io.vigil.streams.window.WindowAggregate;
import io.vigil.streams.window.WindowSpec;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Health stage: 1 min windows per node/component/instance and health rules (thresholds, stalls, silence). */
final class HealthProcessor extends EvaluatingProcessor {
  private static final List<WindowSpec> SPECS = List.of(WindowSpec.ONE_MINUTE);
  private final TopologyContext shared;
  private WindowEngine windows;

  HealthProcessor(TopologyContext shared) {
    super(shared, "health", ProcessorNames.HEALTH_ALERTS_STORE);
    this.shared = shared;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    windows = new WindowEngine(context.getStateStore(ProcessorNames.HEALTH_WINDOWS_STORE), shared.settings().grace(),
        context.currentSystemTimeMs(), SPECS);
  }

  @Override
  protected void onRecord(Record<String, Object> record) {
    HealthSample s = (HealthSample) record.value();
    boolean onTime = windows.add(s.getTs().toEpochMilli(), record.timestamp(), context.currentSystemTimeMs(),
        List.of(HealthWindows.dims(s)), agg -> HealthWindows.add(agg, s));
    if (!onTime) {
      lateRecord("health");
    }
    observe(Observations.health(s, true));
  }

  @Override
  protected void closeWindows(long wallNow) {
    windows.closeDue(wallNow, this::emitWindow);
  }

  private void emitWindow(WindowAggregate agg) {
    var window = HealthWindows.toAvro(agg);
    context.forward(new Record<String, Object>(window.getNodeId(), window, agg.end()), ProcessorNames.HEALTH_WINDOWS_SINK);
    observe(Observations.window("health_window", agg, HealthWindows.METRICS));
  }

  @Override
  protected boolean live(AlertState state) {
    // A series whose process reported exit/failure was dropped when that sample arrived; the rest stay expected.
    return true;
  }
}
