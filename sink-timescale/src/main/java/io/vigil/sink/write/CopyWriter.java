package io.vigil.sink.write;

import io.vigil.sink.rows.Row;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/** Appends rows with binary COPY ... FROM STDIN through pgjdbc's CopyManager: the fast path for raw samples. */
public final class CopyWriter implements TableWriter {
  @Override
  public void write(Connection connection, List<Row> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
    try {
      copy.copyIn(rows.get(0).table().copySql(), new ByteArrayInputStream(CopyBinary.encode(rows)));
    } catch (IOException e) {
      throw new SQLException("COPY into " + rows.get(0).table().tableName() + " failed: " + e.getMessage(), "08006", e);
    }
  }
}
