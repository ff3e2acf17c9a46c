package io.vigil.alerting.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alerting.model.Alert;
import io.vigil.alerting.route.Route;
import io.vigil.alerting.support.Alerts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregationGroupTest {
  private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

  private static Route route(boolean resolveImmediately) {
    return new Route("0", "r", List.of(), List.of("alertname"), false, Duration.ofSeconds(30), Duration.ofMinutes(5),
        Duration.ofHours(4), false, resolveImmediately, List.of(), List.of());
  }

  private static Alert alert(int i, boolean firing) {
    return Alerts.alert("fp" + i, firing, Map.of("alertname", "high_loss", "stream_id", "s" + i));
  }

  @Test
  void fiftyAlertsWithinGroupWaitMakeOneFlushListingFifty() {
    var g = new AggregationGroup("k", route(true), Map.of("alertname", "high_loss"), T0);
    for (int i = 0; i < 50; i++) {
      g.apply(alert(i, true), 100 + i);
      assertThat(g.due(T0.plusSeconds(i % 29))).isFalse();
    }
    assertThat(g.due(T0.plusSeconds(30))).isTrue();
    var flush = g.flush(T0.plusSeconds(30));
    assertThat(flush.alerts()).hasSize(50);
    assertThat(flush.oldestOffset()).isEqualTo(100L);
    assertThat(g.due(T0.plusSeconds(31))).isFalse();
  }

  @Test
  void resolvedGoesOutImmediatelyWhenTheRouteSaysSo() {
    var g = new AggregationGroup("k", route(true), Map.of(), T0);
    g.apply(alert(1, true), 1);
    g.flush(T0.plusSeconds(30));
    g.apply(alert(1, false), 2);
    assertThat(g.due(T0.plusSeconds(31))).isTrue();
    var flush = g.flush(T0.plusSeconds(31));
    assertThat(flush.alerts()).singleElement().matches(a -> !a.firing());
    assertThat(g.isEmpty()).isTrue();
  }

  @Test
  void withoutResolveImmediatelyTheResolveWaitsForGroupInterval() {
    var g = new AggregationGroup("k", route(false), Map.of(), T0);
    g.apply(alert(1, true), 1);
    g.flush(T0.plusSeconds(30));
    g.apply(alert(1, false), 2);
    assertThat(g.due(T0.plusSeconds(31))).isFalse();
    assertThat(g.due(T0.plusSeconds(330))).isTrue();
  }

  @Test
  void unchangedFiringGroupRepeatsAfterRepeatInterval() {
    var g = new AggregationGroup("k", route(true), Map.of(), T0);
    g.apply(alert(1, true), 1);
    g.flush(T0.plusSeconds(30));
    assertThat(g.due(T0.plusSeconds(30).plus(Duration.ofHours(4)).minusSeconds(1))).isFalse();
    assertThat(g.due(T0.plusSeconds(30).plus(Duration.ofHours(4)))).isTrue();
  }

  @Test
  void replayedOrOlderEventsChangeNothing() {
    var g = new AggregationGroup("k", route(true), Map.of(), T0);
    Alert firing = alert(1, true);
    assertThat(g.apply(firing, 1)).isTrue();
    g.flush(T0.plusSeconds(30));
    assertThat(g.apply(firing, 1)).isFalse();
    assertThat(g.oldestUnflushedOffset()).isNull();
  }
}
