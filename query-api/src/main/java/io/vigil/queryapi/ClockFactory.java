package io.vigil.queryapi;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The wall clock that resolves relative time ranges; replaceable in tests. */
@Factory
public class ClockFactory {
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
