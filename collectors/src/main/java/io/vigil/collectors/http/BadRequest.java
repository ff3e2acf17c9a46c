package io.vigil.collectors.http;

/** Input a push endpoint refuses; {@code reason} is a short stable label used for counting. */
public class BadRequest extends RuntimeException {
  private final String reason;

  public BadRequest(String reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
