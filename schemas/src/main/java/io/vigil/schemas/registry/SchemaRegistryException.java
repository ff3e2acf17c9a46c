package io.vigil.schemas.registry;

/** A schema registry call failed; subclasses say why so callers can react (retry, reject, fix the schema). */
public class SchemaRegistryException extends RuntimeException {
  private final int errorCode;

  public SchemaRegistryException(String message, int errorCode, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
  }

  public SchemaRegistryException(String message, int errorCode) {
    this(message, errorCode, null);
  }

  /** The Confluent error code (e.g. 40403 schema not found, 409 incompatible), or -1 when there was no answer. */
  public int errorCode() {
    return errorCode;
  }

  /** The registry could not be reached or answered 5xx: worth retrying later. */
  public static final class Unavailable extends SchemaRegistryException {
    public Unavailable(String message, Throwable cause) {
      super(message, -1, cause);
    }
  }

  /** The schema is not compatible with the subject's latest version under its compatibility level. */
  public static final class Incompatible extends SchemaRegistryException {
    public Incompatible(String message) {
      super(message, 409);
    }
  }

  /** No schema with that id, or no such subject or version. */
  public static final class NotFound extends SchemaRegistryException {
    public NotFound(String message, int errorCode) {
      super(message, errorCode);
    }
  }
}
