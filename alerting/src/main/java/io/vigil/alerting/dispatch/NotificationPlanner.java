package io.vigil.alerting.dispatch;

import io.vigil.alerting.config.ReceiverConfig;
import io.vigil.alerting.config.TimeInterval;
import io.vigil.alerting.inhibit.Inhibitor;
import io.vigil.alerting.model.Alert;
import io.vigil.alerting.model.Notification;
import io.vigil.alerting.route.Route;
import io.vigil.alerting.silence.SilenceSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure stage between a group flush and a delivery: mute time intervals, inhibition, silences, send_resolved.
 * Returns nothing when nothing is left to say.
 */
public final class NotificationPlanner {
  private NotificationPlanner() {}

  /** What was left out and why, for counting. */
  public record Plan(Optional<Notification> notification, int silenced, int inhibited, boolean muted) {}

  public static Plan plan(String groupKey, Route route, Map<String, String> groupLabels, List<Alert> flushed,
                          ReceiverConfig receiver, Map<String, TimeInterval> intervals, Inhibitor inhibitor,
                          Collection<Alert> firingEverywhere, SilenceSet silences, Instant now) {
    for (String name : route.muteTimeIntervals()) {
      TimeInterval ti = intervals.get(name);
      if (ti != null && ti.contains(now)) {
        return new Plan(Optional.empty(), 0, 0, true);
      }
    }
    List<Alert> keep = new ArrayList<>();
    int silenced = 0;
    int inhibited = 0;
    for (Alert a : flushed) {
      if (!a.firing() && !receiver.sendResolved()) {
        continue;
      }
      if (silences.silenced(a, now)) {
        silenced++;
      } else if (a.firing() && inhibitor.inhibited(a, firingEverywhere)) {
        inhibited++;
      } else {
        keep.add(a);
      }
    }
    if (keep.isEmpty()) {
      return new Plan(Optional.empty(), silenced, inhibited, false);
    }
    String tenant = keep.get(0).tenant();
    return new Plan(Optional.of(new Notification(tenant, groupKey, receiver.name(), groupLabels, keep)), silenced,
        inhibited, false);
  }
}
