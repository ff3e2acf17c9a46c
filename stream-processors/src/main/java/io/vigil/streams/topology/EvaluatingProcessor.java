package io.vigil.streams.topology;

import io.vigil.schemas.avro.AlertEvent;
import io.vigil.streams.rules.AlertEngine;
import io.vigil.streams.rules.AlertState;
import io.vigil.streams.rules.Observation;
import io.vigil.streams.validate.PipelineCounters;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared frame of the per-source stages: rule book refresh, alert engine and the wall-clock punctuation that closes
 * windows and advances alert timers even when the partition is quiet. Silence is measured on the {@link InputClock}.
 * Subclasses do the per-record work.
 */
abstract class EvaluatingProcessor implements Processor<String, Object, String, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluatingProcessor.class);
  /** A task this far behind its input says so in the log, and again when it has caught up. */
  static final long BEHIND_LOG_MS = 10_000;
  private final InputClock input = new InputClock();
  private boolean saidBehind;
  private final TopologyContext shared;
  private final String stage;
  private final String alertsStore;
  protected ProcessorContext<String, Object> context;
  protected RuleBook rules;
  protected AlertEngine alerts;
  private KeyValueStore<String, byte[]> rulesStore;

  /** @param stage the stage's name in {@link InputDelays#STAGES} */
  EvaluatingProcessor(TopologyContext shared, String stage, String alertsStore) {
    this.shared = shared;
    this.stage = stage;
    this.alertsStore = alertsStore;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.rules = shared.newRuleBook();
    this.rulesStore = context.getStateStore(ProcessorNames.RULES_STORE);
    rules.refresh(rulesStore);
    this.alerts = new AlertEngine(new KafkaAlertStore(context.getStateStore(alertsStore)), rules, shared.settings().staleAfter().toMillis(),
        context.currentSystemTimeMs());
    Duration every = shared.settings().punctuateEvery();
    context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::onTick);
  }

  @Override
  public final void process(Record<String, Object> record) {
    input.record(context.currentSystemTimeMs(), record.timestamp());
    onRecord(record);
  }

  /** The stage's work for one valid record. */
  protected abstract void onRecord(Record<String, Object> record);

  private void onTick(long wallNow) {
    rules.refresh(rulesStore);
    closeWindows(wallNow);
    input.tick();
    shared.delays().report(stage, context.taskId(), input.behindMs());
    logLag(input.behindMs());
    alerts.tick(input.now(wallNow), this::live, this::emitAlert);
  }

  private void logLag(long behindMs) {
    if (!saidBehind && behindMs >= BEHIND_LOG_MS) {
      saidBehind = true;
      LOG.warn("task {} is reading records {} s after they were produced; absent rules measure silence on the input's "
          + "time, not the wall clock, until it catches up", context.taskId(), behindMs / 1000);
    } else if (saidBehind && behindMs < BEHIND_LOG_MS / 5) {
      saidBehind = false;
      LOG.info("task {} has caught up with its input ({} ms behind)", context.taskId(), behindMs);
    }
  }

  @Override
  public void close() {
    shared.delays().forget(stage, context.taskId());
  }

  protected void observe(Observation o) {
    alerts.observe(o, input.now(context.currentSystemTimeMs()), this::emitAlert);
  }

  protected void emitAlert(AlertEvent e) {
    context.forward(new Record<String, Object>(e.getFingerprint(), e, e.getUpdatedAt().toEpochMilli()),
        ProcessorNames.ALERTS_SINK);
  }

  /** Counts a record that arrived after its windows of the {@code window} family were emitted. */
  protected void lateRecord(String window) {
    shared.counters().increment(PipelineCounters.Series.lateRecords(window));
  }

  /** Closes due windows; stages without windows do nothing. */
  protected void closeWindows(long wallNow) {}

  /** Whether a tracked series is still expected to report (absent rules only fire for live series). */
  protected boolean live(AlertState state) {
    return true;
  }
}
