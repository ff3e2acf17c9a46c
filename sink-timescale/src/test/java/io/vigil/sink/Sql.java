package io.vigil.sink;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The two JDBC calls the storage tests keep making: one number from a query, and a statement run for effect. */
final class Sql {
  private Sql() {}

  /** The first column of the first row, e.g. of {@code SELECT count(*) ...}. */
  static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
