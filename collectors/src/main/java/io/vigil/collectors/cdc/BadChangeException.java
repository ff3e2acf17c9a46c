package io.vigil.collectors.cdc;

/** A captured row that cannot become a Vigil record (unknown state, missing column, bad JSON); it is counted and skipped. */
public class BadChangeException extends RuntimeException {
  public BadChangeException(String message) {
    super(message);
  }

  public BadChangeException(String message, Throwable cause) {
    super(message, cause);
  }
}
