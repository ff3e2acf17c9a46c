package io.vigil.queryapi.access;

import io.micronaut.security.authentication.Authentication;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens that passed validation, with the authentication they gave, until the token's own expiry or maxAge,
 * whichever comes first. Only whole token strings that validated are kept, so a cached answer is the answer
 * validation would give again; what caching changes is that a token signed with a key rotated out of a JWKS stays
 * accepted for up to maxAge. Bounded: when full, it starts over.
 */
public final class ValidatedTokens {
  private record Entry(Authentication authentication, Instant expiresAt) {}

  private final Duration maxAge;
  private final int maxEntries;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  public ValidatedTokens(Duration maxAge, int maxEntries) {
    this.maxAge = maxAge;
    this.maxEntries = maxEntries;
  }

  /** The cached authentication of token, or null when it is unknown or expired at now. */
  public Authentication get(String token, Instant now) {
    Entry e = entries.get(token);
    if (e == null) {
      return null;
    }
    if (!now.isBefore(e.expiresAt())) {
      entries.remove(token, e);
      return null;
    }
    return e.authentication();
  }

  public void put(String token, Authentication authentication, Instant now) {
    if (maxAge.isZero() || maxAge.isNegative()) {
      return;
    }
    Instant until = now.plus(maxAge);
    Instant exp = expiry(authentication);
    if (exp != null && exp.isBefore(until)) {
      until = exp;
    }
    if (!now.isBefore(until)) {
      return;
    }
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.put(token, new Entry(authentication, until));
  }

  public int size() {
    return entries.size();
  }

  /** The JWT exp claim as the authentication carries it (Micronaut copies claims into the attributes). */
  static Instant expiry(Authentication authentication) {
    Object exp = authentication.getAttributes().get("exp");
    if (exp instanceof Date d) {
      return d.toInstant();
    }
    if (exp instanceof Instant i) {
      return i;
    }
    if (exp instanceof Number n) {
      return Instant.ofEpochSecond(n.longValue());
    }
    return null;
  }
}
