package io.vigil.alerting.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alerting.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTreeTest {
  private static final String YAML = """
      receivers:
        - {name: default, type: webhook, url: 'http://x/d'}
        - {name: pd, type: webhook, url: 'http://x/p'}
        - {name: slack, type: webhook, url: 'http://x/s'}
        - {name: ffmpeg, type: webhook, url: 'http://x/f'}
      route:
        receiver: default
        group_by: [alertname]
        routes:
          - matchers: ['severity="critical"']
            receiver: pd
            continue: true
          - matchers: ['component=~"ffmpeg|sfu"']
            receiver: ffmpeg
            group_by: [alertname, node_id]
            routes:
              - matchers: ['team!="media"']
                receiver: slack
          - matchers: ['severity="critical"']
            receiver: slack
      """;
  private final RouteTree tree = ConfigLoader.parse(YAML, "t", k -> null).routes();

  @Test
  void continueLetsACriticalAlertReachTwoReceivers() {
    var routes = tree.match(Map.of("alertname", "mos_low", "severity", "critical"));
    assertThat(routes).extracting(Route::receiver).containsExactly("pd", "slack");
  }

  @Test
  void deepestMatchWinsAndParentCatchesWhatChildrenMiss() {
    assertThat(tree.match(Map.of("component", "ffmpeg", "team", "media"))).extracting(Route::receiver)
        .containsExactly("ffmpeg");
    assertThat(tree.match(Map.of("component", "ffmpeg", "team", "ops"))).extracting(Route::receiver)
        .containsExactly("slack");
    assertThat(tree.match(Map.of("component", "host"))).extracting(Route::receiver).containsExactly("default");
  }

  @Test
  void groupKeyUsesRouteAndGroupLabelsOnly() {
    var r = tree.match(Map.of("component", "ffmpeg", "team", "media", "alertname", "stalled", "node_id", "n1",
        "stream_id", "s9")).get(0);
    assertThat(r.groupKey(Map.of("alertname", "stalled", "node_id", "n1", "stream_id", "s9")))
        .isEqualTo(r.id() + ":{alertname=\"stalled\",node_id=\"n1\"}")
        .isEqualTo(r.groupKey(Map.of("alertname", "stalled", "node_id", "n1", "stream_id", "other")));
  }

  @Test
  void matcherSyntax() {
    assertThat(LabelMatcher.parse("room=~\"conf-.*\"").matches(Map.of("room", "conf-1"))).isTrue();
    assertThat(LabelMatcher.parse("room=~\"conf-.*\"").matches(Map.of("room", "xconf-1"))).isFalse();
    assertThat(LabelMatcher.parse("room!~conf").matches(Map.of())).isTrue();
    assertThat(LabelMatcher.parse("env=\"\"").matches(Map.of())).isTrue();
    assertThat(LabelMatcher.parse("env!=prod").matches(Map.of("env", "prod"))).isFalse();
  }
}
