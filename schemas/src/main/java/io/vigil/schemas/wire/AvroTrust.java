package io.vigil.schemas.wire;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate classes outside its trusted packages (CVE-2024-47561), our generated records
 * included. Trust exactly Vigil's generated package, on top of whatever the JVM already trusts.
 */
public final class AvroTrust {
  public static final String GENERATED_PACKAGE = "io.vigil.schemas.avro";
  private static volatile boolean installed;

  private AvroTrust() {}

  public static void install() {
    if (installed) {
      return;
    }
    synchronized (AvroTrust.class) {
      if (!installed) {
        var previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
            c -> c.getName().startsWith(GENERATED_PACKAGE + ".")));
        installed = true;
      }
    }
  }
}
