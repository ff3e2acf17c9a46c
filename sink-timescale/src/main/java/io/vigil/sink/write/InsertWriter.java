package io.vigil.sink.write;

import io.vigil.sink.rows.PgText;
import io.vigil.sink.rows.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Appends rows with multi-row INSERTs (chunks of up to {@code rowsPerStatement}), for targets without COPY such as
 * pglite; values are bound as text and cast by the statement.
 */
public final class InsertWriter implements TableWriter {
  private static final int MAX_PARAMETERS = 32_000;
  private final int rowsPerStatement;

  public InsertWriter(int rowsPerStatement) {
    this.rowsPerStatement = rowsPerStatement;
  }

  @Override
  public void write(Connection connection, List<Row> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    int columns = rows.get(0).table().columns().size();
    int chunk = Math.max(1, Math.min(rowsPerStatement, MAX_PARAMETERS / columns));
    for (int from = 0; from < rows.size(); from += chunk) {
      List<Row> part = rows.subList(from, Math.min(rows.size(), from + chunk));
      try (PreparedStatement ps = connection.prepareStatement(part.get(0).table().insertSql(part.size()))) {
        int p = 1;
        for (Row row : part) {
          for (Object v : row.values()) {
            ps.setString(p++, PgText.of(v));
          }
        }
        ps.executeUpdate();
      }
    }
  }
}
