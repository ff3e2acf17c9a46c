package io.vigil.alerting.config;

/** A secret value (webhook URL, routing key, HMAC key) that never shows up in logs or toString. */
public final class Secret {
  private final String value;
  private final String source;

  public Secret(String value, String source) {
    this.value = value;
    this.source = source;
  }

  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "<secret from " + source + ">";
  }
}
