package io.vigil.alerting.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alerting.support.Alerts;
import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertStatus;
import io.vigil.schemas.avro.Severity;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NeverFiredFilterTest {
  static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

  static AlertEvent e(String fp, AlertStatus status) {
    return Alerts.event(fp, status, Severity.critical, Map.of("alertname", "StreamErrorState"), T, T);
  }

  @Test
  void aResolveOfAnAlertThatOnlyWasPendingIsNotANotification() {
    NeverFiredFilter f = new NeverFiredFilter(100);
    assertThat(f.notifiable(e("a", AlertStatus.pending))).isFalse();
    assertThat(f.notifiable(e("a", AlertStatus.resolved))).isFalse();
  }

  @Test
  void pendingFiringResolvedNotifiesFiringAndResolved() {
    NeverFiredFilter f = new NeverFiredFilter(100);
    assertThat(f.notifiable(e("a", AlertStatus.pending))).isFalse();
    assertThat(f.notifiable(e("a", AlertStatus.firing))).isTrue();
    assertThat(f.notifiable(e("a", AlertStatus.resolved))).isTrue();
  }

  @Test
  void aResolveWithoutHistoryIsSentBecauseItMayHaveFiredBeforeARestart() {
    NeverFiredFilter f = new NeverFiredFilter(100);
    assertThat(f.notifiable(e("b", AlertStatus.resolved))).isTrue();
  }

  @Test
  void memoryIsBoundedOldestPendingForgottenFirst() {
    NeverFiredFilter f = new NeverFiredFilter(2);
    f.notifiable(e("1", AlertStatus.pending));
    f.notifiable(e("2", AlertStatus.pending));
    f.notifiable(e("3", AlertStatus.pending));
    assertThat(f.notifiable(e("1", AlertStatus.resolved))).as("evicted: sent").isTrue();
    assertThat(f.notifiable(e("3", AlertStatus.resolved))).isFalse();
  }
}
