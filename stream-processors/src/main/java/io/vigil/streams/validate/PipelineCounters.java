package io.vigil.streams.validate;

import io.vigil.schemas.topics.Topic;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide counters of what the pipeline rejected or could not place (dead letters, late records, bad rules), each
 * a named series with labels so /metrics can expose them as Prometheus counters.
 */
public final class PipelineCounters {
  public static final String DEAD_LETTERS = "vigil_streams_dead_letters";
  public static final String LATE_RECORDS = "vigil_streams_late_records";
  public static final String RULES_REJECTED = "vigil_streams_rules_rejected";

  /** One counter series: metric name (without the _total suffix) and labels. */
  public record Series(String name, Map<String, String> labels) {
    public Series {
      labels = Map.copyOf(labels);
    }

    /** A record of {@code topic} sent to the DLQ at {@code stage} (decode or validate). */
    public static Series deadLetters(String topic, String stage) {
      return new Series(DEAD_LETTERS, Map.of("topic", topic, "stage", stage));
    }

    /** A record later than the grace period of the {@code window} family (quality, health, metrics). */
    public static Series lateRecords(String window) {
      return new Series(LATE_RECORDS, Map.of("window", window));
    }

    /** A rule on the rules topic that was ignored, by {@code reason} (invalid, undecodable). */
    public static Series rulesRejected(String reason) {
      return new Series(RULES_REJECTED, Map.of("reason", reason));
    }

    @Override
    public String toString() {
      return name + new TreeMap<>(labels);
    }
  }

  private final Map<Series, LongAdder> counters = new ConcurrentHashMap<>();

  /** Starts every series the topology can produce at zero, so a scrape shows them before the first event. */
  public PipelineCounters() {
    for (Topic t : List.of(Topic.QUALITY, Topic.LIFECYCLE, Topic.HEALTH, Topic.METRICS)) {
      declare(Series.deadLetters(t.topicName(), "decode"));
      declare(Series.deadLetters(t.topicName(), "validate"));
    }
    for (String w : List.of("quality", "health", "metrics")) {
      declare(Series.lateRecords(w));
    }
    declare(Series.rulesRejected("invalid"));
    declare(Series.rulesRejected("undecodable"));
  }

  private LongAdder declare(Series s) {
    return counters.computeIfAbsent(s, n -> new LongAdder());
  }

  public void increment(Series s) {
    declare(s).increment();
  }

  public long get(Series s) {
    LongAdder a = counters.get(s);
    return a == null ? 0 : a.sum();
  }

  /** Every series with its current value, ordered by name and labels. */
  public Map<Series, Long> snapshot() {
    Map<Series, Long> out = new LinkedHashMap<>();
    counters.entrySet().stream()
        .sorted(Comparator.comparing(e -> e.getKey().toString()))
        .forEach(e -> out.put(e.getKey(), e.getValue().sum()));
    return out;
  }
}
