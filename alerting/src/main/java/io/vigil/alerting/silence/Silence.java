package io.vigil.alerting.silence;

import io.vigil.alerting.route.LabelMatcher;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A silence from the {@code silences} table: mutes matching alerts between starts_at and ends_at. */
public record Silence(String id, String tenant, List<LabelMatcher> matchers, Instant startsAt, Instant endsAt,
                      String createdBy) {

  public boolean mutes(String alertTenant, Map<String, String> labels, Instant now) {
    return tenant.equals(alertTenant) && !now.isBefore(startsAt) && now.isBefore(endsAt)
        && !matchers.isEmpty() && LabelMatcher.all(matchers, labels);
  }
}
