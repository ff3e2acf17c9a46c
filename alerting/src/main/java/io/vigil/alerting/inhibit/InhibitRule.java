package io.vigil.alerting.inhibit;

import io.vigil.alerting.route.LabelMatcher;
import java.util.List;

/** Mutes alerts matching {@code target} while an alert matching {@code source} fires with the same {@code equal} labels. */
public record InhibitRule(List<LabelMatcher> source, List<LabelMatcher> target, List<String> equal) {
}
