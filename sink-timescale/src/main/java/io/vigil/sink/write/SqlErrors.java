package io.vigil.sink.write;

import java.sql.SQLException;

/** Classifies database errors: a row PostgreSQL rejects (isolate it) versus a failure of the database (retry). */
public final class SqlErrors {
  private SqlErrors() {}

  /**
   * Data exceptions (class 22: out of range, invalid text, bad encoding) and integrity violations (class 23) belong
   * to a row; everything else (connection loss, shutdown, timeouts, missing tables) is the database's and is retried.
   */
  public static boolean isRowError(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }
}
