package io.vigil.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcPausesTest {
  static final String LOG = """
      [2026-12-01T02:30:00.100+0000][0.010s] Using Serial
      [2026-12-01T02:30:01.200+0000][1.110s] GC(0) Pause Young (Allocation Failure) 68M->12M(247M) 21.501ms
      [2026-12-01T02:30:05.000+0000][4.910s] GC(1) Pause Full (Allocation Failure) 400M->310M(494M) 1843.250ms
      [2026-12-01T02:30:09.000+0000][8.910s] GC(2) Pause Young (Allocation Failure) 200M->150M(494M) 8.000ms
      """;

  @Test
  void readsEveryPauseWithItsEndTimeDurationAndKind() {
    List<GcPauses.Pause> pauses = GcPauses.parse(LOG);

    assertThat(pauses).hasSize(3);
    assertThat(pauses.get(1).ms()).isEqualTo(1843.25);
    assertThat(pauses.get(1).kind()).isEqualTo("Pause Full (Allocation Failure)");
    assertThat(pauses.get(1).endedAtMs())
        .isEqualTo(OffsetDateTime.parse("2026-12-01T02:30:05.000Z").toInstant().toEpochMilli());
  }

  @Test
  void summarisesOnlyThePausesInsideTheWindow() {
    List<GcPauses.Pause> pauses = GcPauses.parse(LOG);
    long from = OffsetDateTime.parse("2026-12-01T02:30:01.000Z").toInstant().toEpochMilli();
    long to = OffsetDateTime.parse("2026-12-01T02:30:06.000Z").toInstant().toEpochMilli();

    Map<String, Object> s = GcPauses.summary(pauses, from, to);

    assertThat(s).containsEntry("pauses", 2).containsEntry("total_ms", 1865L).containsEntry("max_ms", 1843L)
        .containsEntry("max_kind", "Pause Full (Allocation Failure)").containsEntry("max_s_into_window", 4.0);
    assertThat(GcPauses.summary(pauses, to + 10_000, to + 20_000)).containsEntry("pauses", 0)
        .doesNotContainKey("max_kind");
  }
}
