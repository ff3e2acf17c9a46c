package io.vigil.queryapi.problem;

import java.sql.SQLException;

/** Unchecked wrapper for a failed SQL call, answered as 503 without exposing the statement. */
public class DatabaseException extends RuntimeException {
  public DatabaseException(SQLException cause) {
    super("database call failed", cause);
  }
}
