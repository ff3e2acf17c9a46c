package io.vigil.alerting.config;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

/** A named time interval (weekdays and time ranges in a zone) during which a route is muted. */
public record TimeInterval(String name, Set<DayOfWeek> weekdays, List<LocalTime[]> times, ZoneId zone) {

  public boolean contains(Instant at) {
    ZonedDateTime t = at.atZone(zone);
    if (!weekdays.isEmpty() && !weekdays.contains(t.getDayOfWeek())) {
      return false;
    }
    if (times.isEmpty()) {
      return true;
    }
    LocalTime lt = t.toLocalTime();
    for (LocalTime[] r : times) {
      if (!lt.isBefore(r[0]) && lt.isBefore(r[1])) {
        return true;
      }
    }
    return false;
  }
}
