package io.vigil.streams.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** The stable alert fingerprint: SHA-256 over rule_id and the sorted series identity labels, first 16 hex bytes. */
public final class Fingerprint {
  private Fingerprint() {}

  public static String of(String ruleId, Map<String, String> identity) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ruleId.getBytes(StandardCharsets.UTF_8));
      for (var e : new TreeMap<>(identity).entrySet()) {
        sha.update((byte) 0);
        sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '=');
        sha.update(e.getValue().getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
