package io.vigil.collectors.delivery;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random (version 4) UUIDs for event_id from ThreadLocalRandom: event ids are idempotency keys, not secrets, and
 * UUID.randomUUID()'s shared SecureRandom is a contention point on the push hot path.
 */
public final class EventIds {
  private EventIds() {}

  public static String next() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
