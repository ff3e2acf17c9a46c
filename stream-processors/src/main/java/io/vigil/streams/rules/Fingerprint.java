package io.vigil.streams.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The stable alert fingerprint: SHA-256 over rule_id and the sorted series identity labels, first 16 hex bytes. */
public final class Fingerprint {
  /**
   * One digest per thread: computed for every sample an absent rule watches, and {@code MessageDigest.getInstance}
   * (a provider lookup) costs more than hashing these few bytes.
   */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  });

  private Fingerprint() {}

  public static String of(String ruleId, Map<String, String> identity) {
    MessageDigest sha = SHA256.get();
    sha.reset();
    sha.update(ruleId.getBytes(StandardCharsets.UTF_8));
    boolean sorted = identity instanceof SortedMap<String, String> m && m.comparator() == null;
    for (var e : (sorted ? identity : new TreeMap<>(identity)).entrySet()) {
      sha.update((byte) 0);
      sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '=');
      sha.update(e.getValue().getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(sha.digest(), 0, 16);
  }
}
