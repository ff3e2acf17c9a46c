package io.vigil.sink.write;

import io.vigil.sink.rows.Row;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Writes rows of one table inside the caller's transaction; throws on the first row PostgreSQL rejects. */
public interface TableWriter {
  void write(Connection connection, List<Row> rows) throws SQLException;
}
