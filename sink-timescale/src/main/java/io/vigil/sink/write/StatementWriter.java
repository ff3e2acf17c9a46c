package io.vigil.sink.write;

import io.vigil.sink.rows.PgText;
import io.vigil.sink.rows.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Upserts or deletes state rows one statement per row in a JDBC batch, in Kafka order, so two updates of the same key
 * in one batch apply in sequence (a multi-row ON CONFLICT would refuse to touch a row twice).
 */
public final class StatementWriter implements TableWriter {
  @Override
  public void write(Connection connection, List<Row> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = connection.prepareStatement(rows.get(0).table().statementSql())) {
      for (Row row : rows) {
        Object[] values = row.values();
        for (int i = 0; i < values.length; i++) {
          ps.setString(i + 1, PgText.of(values[i]));
        }
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (java.sql.BatchUpdateException e) {
      // The batch exception hides the server's message in its chain; surface it with its SQLState.
      SQLException next = e.getNextException();
      throw next != null ? next : e;
    }
  }
}
