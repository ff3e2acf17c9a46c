package io.vigil.alerting.inhibit;

import io.vigil.alerting.model.Alert;
import io.vigil.alerting.route.LabelMatcher;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Decides whether an alert is inhibited by a firing one; pure, so the caller supplies the firing set. */
public final class Inhibitor {
  private final List<InhibitRule> rules;

  public Inhibitor(List<InhibitRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public boolean inhibited(Alert target, Collection<Alert> firing) {
    for (InhibitRule rule : rules) {
      if (!LabelMatcher.all(rule.target(), target.labels())) {
        continue;
      }
      for (Alert source : firing) {
        // An alert never inhibits itself, even when it matches both sides (Alertmanager does the same).
        if (!source.firing() || source.fingerprint().equals(target.fingerprint())) {
          continue;
        }
        if (LabelMatcher.all(rule.source(), source.labels()) && sameLabels(rule.equal(), source, target)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean sameLabels(List<String> equal, Alert a, Alert b) {
    for (String l : equal) {
      if (!Objects.equals(a.labels().get(l), b.labels().get(l))) {
        return false;
      }
    }
    return true;
  }
}
