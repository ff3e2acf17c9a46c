package io.vigil.streams.topology;

import io.vigil.schemas.avro.LifecycleEvent;
import io.vigil.schemas.avro.LifecycleState;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.streams.rules.AlertState;
import io.vigil.streams.rules.Observations;
import io.vigil.streams.score.MosScore;
import io.vigil.streams.window.QualityWindows;
import io.vigil.streams.window.Rollup;
import io.vigil.streams.window.WindowAggregate;
import io.vigil.streams.window.WindowSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Quality stage (co-partitioned by stream_id with lifecycle): remembers stream/participant state from lifecycle
 * events, then per sample scores MOS, enriches with room and stream name, adds to the 10 s and 1 min windows per track
 * and per participant, and evaluates quality and lifecycle rules. Closed windows are emitted and evaluated by
 * quality_window rules.
 */
final class QualityProcessor extends EvaluatingProcessor {
  private static final List<WindowSpec> SPECS = List.of(WindowSpec.TEN_SECONDS, WindowSpec.ONE_MINUTE);
  /** 1 min windows are filled from closed 10 s windows: one window update per series per sample instead of two. */
  private static final Rollup ROLLUP = new Rollup(WindowSpec.TEN_SECONDS, WindowSpec.ONE_MINUTE, QualityWindows::merge);
  private final TopologyContext shared;
  private KeyValueStore<String, String> lifecycle;
  /**
   * Lifecycle entries as {@link #lookup} returns them, in front of the store. Every sample looks up its stream and
   * participant, mostly entries that do not exist, so each was a RocksDB miss through JNI (invisible to JFR's Java
   * sampling): serving them from here halved the stream thread's CPU per sample in the streams benchmark. This
   * processor is the store's only writer, so writing through keeps both the same. Cleared when it holds
   * {@link #LIFECYCLE_CACHE_MAX} entries.
   */
  private final Map<String, String[]> lifecycleCache = new HashMap<>();
  static final int LIFECYCLE_CACHE_MAX = 50_000;
  /** Cached absence of a lifecycle entry. */
  private static final String[] UNKNOWN = new String[0];
  private WindowEngine windows;

  QualityProcessor(TopologyContext shared) {
    super(shared, "quality", ProcessorNames.QUALITY_ALERTS_STORE);
    this.shared = shared;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    lifecycle = context.getStateStore(ProcessorNames.LIFECYCLE_STORE);
    lifecycleCache.clear(); // a task re-initialised after an aborted transaction has its store rolled back
    windows = new WindowEngine(context.getStateStore(ProcessorNames.QUALITY_WINDOWS_STORE), shared.settings().grace(),
        context.currentSystemTimeMs(), SPECS, ROLLUP);
  }

  @Override
  protected void onRecord(Record<String, Object> record) {
    if (record.value() instanceof LifecycleEvent e) {
      onLifecycle(e);
    } else if (record.value() instanceof QualitySample s) {
      onSample(s, record.timestamp());
    }
  }

  private void onLifecycle(LifecycleEvent e) {
    String key = e.getEntity().name() + ":" + e.getEntityId();
    String entry = e.getState().name() + "\t" + nz(e.getName()) + "\t" + nz(e.getRoom());
    lifecycle.put(key, entry);
    cacheLifecycle(key, entry.split("\t", -1));
    observe(Observations.lifecycle(e));
  }

  private void onSample(QualitySample s, long sentTs) {
    // Score: MOS for audio when the network numbers are there (RTT is often absent on receive-only tracks: 0 then).
    if (s.getKind() == MediaKind.audio && s.getMos() == null && s.getLossPct() != null && s.getJitterMs() != null) {
      s.setMos(MosScore.mos(s.getRttMs() == null ? 0 : s.getRttMs(), s.getJitterMs(), s.getLossPct()));
    }
    // Enrich from lifecycle state.
    String[] stream = lookup("stream:" + s.getStreamId());
    Map<String, String> enrichment = new HashMap<>();
    String streamName = stream == null || stream[1].isEmpty() ? null : stream[1];
    if (streamName != null) {
      enrichment.put("stream_name", streamName);
    }
    if (s.getRoom() == null && stream != null && !stream[2].isEmpty()) {
      s.setRoom(stream[2]);
    }
    boolean live = isLive(stream, s.getParticipantId());
    long wall = context.currentSystemTimeMs();
    boolean onTime = windows.add(s.getTs().toEpochMilli(), sentTs, wall,
        List.of(QualityWindows.trackDims(s, streamName), QualityWindows.participantDims(s, streamName)),
        agg -> QualityWindows.add(agg, s));
    if (!onTime) {
      lateRecord("quality");
    }
    observe(Observations.quality(s, enrichment, live));
  }

  @Override
  protected void closeWindows(long wallNow) {
    windows.closeDue(wallNow, this::emitWindow);
  }

  private void emitWindow(WindowAggregate agg) {
    var window = QualityWindows.toAvro(agg);
    context.forward(new Record<String, Object>(window.getStreamId(), window, agg.end()), ProcessorNames.QUALITY_WINDOWS_SINK);
    observe(Observations.window("quality_window", agg, QualityWindows.METRICS));
  }

  @Override
  protected boolean live(AlertState state) {
    return isLive(state.labels.get("stream_id"), state.labels.get("participant_id"));
  }

  private boolean isLive(String streamId, String participantId) {
    return isLive(streamId == null ? null : lookup("stream:" + streamId), participantId);
  }

  /** @param stream the stream's lifecycle entry (state, name, room), or null when unknown */
  private boolean isLive(String[] stream, String participantId) {
    if (stream != null && !LifecycleState.live.name().equals(stream[0])) {
      return false;
    }
    String[] participant = participantId == null ? null : lookup("participant:" + participantId);
    return participant == null || !(LifecycleState.left.name().equals(participant[0])
        || LifecycleState.ended.name().equals(participant[0]));
  }

  /** A lifecycle entry (state, name, room), or null when unknown. */
  private String[] lookup(String key) {
    String[] cached = lifecycleCache.get(key);
    if (cached == null) {
      String v = lifecycle.get(key);
      cached = v == null ? UNKNOWN : v.split("\t", -1);
      cacheLifecycle(key, cached);
    }
    return cached == UNKNOWN ? null : cached;
  }

  private void cacheLifecycle(String key, String[] entry) {
    if (lifecycleCache.size() >= LIFECYCLE_CACHE_MAX) {
      lifecycleCache.clear();
    }
    lifecycleCache.put(key, entry);
  }

  private static String nz(String s) {
    return s == null ? "" : s.replace('\t', ' ');
  }
}
