package io.vigil.sink.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** TimescaleDB when the extension is installed in the database, plain PostgreSQL otherwise. */
public enum StorageMode {
  TIMESCALEDB, POSTGRESQL;

  public static StorageMode detect(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")) {
      return rs.next() ? TIMESCALEDB : POSTGRESQL;
    }
  }
}
