package io.vigil.alerting.group;

import io.vigil.alerting.model.Alert;
import io.vigil.alerting.route.Route;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alerts of one route sharing the route's group labels, with Alertmanager's timers: the first flush after
 * group_wait, later changes after group_interval, unchanged firing groups again after repeat_interval; a newly
 * resolved alert flushes at once when the route says resolve_immediately (the complaint this fixes).
 */
public final class AggregationGroup {
  private final String key;
  private final Route route;
  private final Map<String, String> groupLabels;
  private final Map<String, Alert> alerts = new LinkedHashMap<>();
  private Instant nextFlush;
  private Instant lastFlush;
  private boolean changed;
  private boolean resolvedPending;
  private Long oldestUnflushedOffset;

  public AggregationGroup(String key, Route route, Map<String, String> groupLabels, Instant now) {
    this.key = key;
    this.route = route;
    this.groupLabels = Map.copyOf(groupLabels);
    this.nextFlush = now.plus(route.groupWait());
  }

  public String key() {
    return key;
  }

  public Route route() {
    return route;
  }

  public Map<String, String> groupLabels() {
    return groupLabels;
  }

  /** Applies a state change; an older update for a fingerprint than the one held is ignored (replays). */
  public boolean apply(Alert alert, long offset) {
    Alert prev = alerts.get(alert.fingerprint());
    if (prev != null && prev.updatedAt().isAfter(alert.updatedAt())) {
      return false;
    }
    if (prev != null && prev.firing() == alert.firing() && prev.startsAt().equals(alert.startsAt())) {
      alerts.put(alert.fingerprint(), alert);
      return false;
    }
    // A resolve for an alert never seen firing here (fired before a restart) is kept: it is still worth telling.
    alerts.put(alert.fingerprint(), alert);
    changed = true;
    if (!alert.firing()) {
      resolvedPending = true;
    }
    if (oldestUnflushedOffset == null) {
      oldestUnflushedOffset = offset;
    }
    return true;
  }

  /** Whether a flush is due now. */
  public boolean due(Instant now) {
    if (alerts.isEmpty()) {
      return false;
    }
    if (changed && resolvedPending && route.resolveImmediately() && lastFlush != null) {
      return true;
    }
    if (changed) {
      return !now.isBefore(nextFlush);
    }
    // Unchanged: repeat a firing group after repeat_interval (timer first: this runs for every group on every poll).
    if (lastFlush == null || now.isBefore(lastFlush.plus(route.repeatInterval()))) {
      return false;
    }
    for (Alert a : alerts.values()) {
      if (a.firing()) {
        return true;
      }
    }
    return false;
  }

  /** Takes the alerts to send and resets timers; resolved alerts leave the group once they have been flushed. */
  public Flush flush(Instant now) {
    List<Alert> snapshot = new ArrayList<>(alerts.values());
    alerts.values().removeIf(a -> !a.firing());
    lastFlush = now;
    nextFlush = now.plus(route.groupInterval());
    changed = false;
    resolvedPending = false;
    Long offset = oldestUnflushedOffset;
    oldestUnflushedOffset = null;
    return new Flush(snapshot, offset);
  }

  public boolean isEmpty() {
    return alerts.isEmpty();
  }

  public List<Alert> alerts() {
    return List.copyOf(alerts.values());
  }

  /** Offset of the oldest event not yet handed to a delivery; null when everything is flushed. */
  public Long oldestUnflushedOffset() {
    return oldestUnflushedOffset;
  }

  /** The alerts of one flush and the oldest source offset they cover (for safe commits). */
  public record Flush(List<Alert> alerts, Long oldestOffset) {}
}
