package io.vigil.alerting.silence;

import io.vigil.alerting.model.Alert;
import java.time.Instant;
import java.util.List;

/** An immutable snapshot of the silences in force; swapped atomically when the table changes. */
public record SilenceSet(List<Silence> silences) {
  public static final SilenceSet EMPTY = new SilenceSet(List.of());

  public boolean silenced(Alert alert, Instant now) {
    for (Silence s : silences) {
      if (s.mutes(alert.tenant(), alert.labels(), now)) {
        return true;
      }
    }
    return false;
  }
}
