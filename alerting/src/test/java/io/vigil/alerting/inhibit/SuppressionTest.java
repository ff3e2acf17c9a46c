package io.vigil.alerting.inhibit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alerting.model.Alert;
import io.vigil.alerting.route.LabelMatcher;
import io.vigil.alerting.silence.Silence;
import io.vigil.alerting.silence.SilenceRepository;
import io.vigil.alerting.silence.SilenceSet;
import io.vigil.alerting.support.Alerts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inhibition and silences suppress what they should, and only that. */
class SuppressionTest {
  private final Inhibitor inhibitor = new Inhibitor(List.of(new InhibitRule(
      List.of(LabelMatcher.parse("alertname=ffmpeg_stalled")),
      List.of(LabelMatcher.parse("alertname=~\"ffmpeg_speed_low|bitrate_low\"")), List.of("stream_id"))));

  private static Alert a(String fp, String name, String stream, boolean firing) {
    return Alerts.alert(fp, firing, Map.of("alertname", name, "stream_id", stream));
  }

  @Test
  void stalledInhibitsSpeedLowOnTheSameStreamOnly() {
    Alert stalled = a("f1", "ffmpeg_stalled", "s1", true);
    assertThat(inhibitor.inhibited(a("f2", "ffmpeg_speed_low", "s1", true), List.of(stalled))).isTrue();
    assertThat(inhibitor.inhibited(a("f3", "ffmpeg_speed_low", "s2", true), List.of(stalled))).isFalse();
    assertThat(inhibitor.inhibited(a("f4", "mos_low", "s1", true), List.of(stalled))).isFalse();
  }

  @Test
  void aResolvedSourceInhibitsNothing() {
    Alert resolved = a("f1", "ffmpeg_stalled", "s1", false);
    assertThat(inhibitor.inhibited(a("f2", "ffmpeg_speed_low", "s1", true), List.of(resolved))).isFalse();
  }

  @Test
  void silencesMatchLabelsTenantAndTime() throws Exception {
    Instant now = Instant.parse("2026-11-22T03:00:30Z");
    var matchers = SilenceRepository.parseMatchers(
        "[{\"label\":\"stream_id\",\"op\":\"eq\",\"value\":\"s1\"},{\"label\":\"alertname\",\"op\":\"re\",\"value\":\"ffmpeg_.*\"}]");
    var set = new SilenceSet(List.of(new Silence("id", "default", matchers, now.minusSeconds(60), now.plusSeconds(60),
        "ops@example")));
    assertThat(set.silenced(a("f1", "ffmpeg_stalled", "s1", true), now)).isTrue();
    assertThat(set.silenced(a("f2", "ffmpeg_stalled", "s2", true), now)).isFalse();
    assertThat(set.silenced(a("f3", "mos_low", "s1", true), now)).isFalse();
    assertThat(set.silenced(a("f1", "ffmpeg_stalled", "s1", true), now.plusSeconds(61))).isFalse();
    var otherTenant = new SilenceSet(List.of(new Silence("id", "acme", matchers, now.minusSeconds(60),
        now.plusSeconds(60), "x")));
    assertThat(otherTenant.silenced(a("f1", "ffmpeg_stalled", "s1", true), now)).isFalse();
  }
}
