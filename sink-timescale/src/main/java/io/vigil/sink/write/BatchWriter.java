package io.vigil.sink.write;

import io.vigil.sink.rollup.Quality1h;
import io.vigil.sink.rows.Row;
import io.vigil.sink.rows.Table;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes a batch and its offsets in one transaction. A row PostgreSQL rejects does not fail the batch: the table's
 * rows are split in halves under savepoints until the bad rows stand alone; those are dead-lettered, the rest commit.
 * Any other error rolls everything back and is thrown, so the caller retries the same batch.
 */
public final class BatchWriter {
  /** Hooks the writer calls just before COMMIT; the dead-letter publisher must throw if it could not publish. */
  public interface BeforeCommit {
    void run(List<Rejection> rejected) throws Exception;
  }

  private final Map<Table, TableWriter> writers = new EnumMap<>(Table.class);
  private final OffsetStore offsets;
  private final boolean maintainRollup;
  private final BeforeCommit beforeCommit;

  public BatchWriter(boolean useCopy, boolean maintainRollup, OffsetStore offsets, BeforeCommit beforeCommit) {
    TableWriter append = useCopy ? new CopyWriter() : new InsertWriter(1000);
    TableWriter statements = new StatementWriter();
    for (Table t : Table.values()) {
      writers.put(t, t.kind() == Table.Kind.APPEND ? append : statements);
    }
    this.offsets = offsets;
    this.maintainRollup = maintainRollup;
    this.beforeCommit = beforeCommit;
  }

  /** The outcome of a committed batch: rows written per table and every record that went to the dead-letter topic. */
  public record Result(Map<Table, Integer> written, List<Rejection> rejected) {}

  public Result write(Connection c, Batch batch) throws SQLException {
    c.setAutoCommit(false);
    try {
      offsets.lockAndCheck(c, batch.expectedOffsets());
      Map<Table, List<Row>> byTable = new EnumMap<>(Table.class);
      for (Row r : batch.rows()) {
        byTable.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r);
      }
      List<Rejection> rejected = new ArrayList<>(batch.rejected());
      Map<Table, Integer> written = new EnumMap<>(Table.class);
      List<Row> windows = List.of();
      for (var e : byTable.entrySet()) {
        List<Row> ok = new ArrayList<>();
        writeIsolating(c, writers.get(e.getKey()), e.getValue(), ok, rejected::add);
        written.put(e.getKey(), ok.size());
        if (e.getKey() == Table.QUALITY_WINDOWS_1M) {
          windows = ok;
        }
      }
      if (maintainRollup) {
        Quality1h.add(c, Quality1h.contributions(windows));
      }
      offsets.save(c, batch.nextOffsets());
      try {
        beforeCommit.run(rejected);
      } catch (SQLException e) {
        throw e;
      } catch (Exception e) {
        throw new SQLException("could not publish " + rejected.size() + " dead letters: " + e.getMessage(), "VGL02", e);
      }
      c.commit();
      return new Result(written, rejected);
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(c, e);
      throw e;
    }
  }

  private void writeIsolating(Connection c, TableWriter writer, List<Row> rows, List<Row> ok,
                              Consumer<Rejection> reject) throws SQLException {
    Savepoint sp = c.setSavepoint();
    try {
      writer.write(c, rows);
      c.releaseSavepoint(sp);
      ok.addAll(rows);
    } catch (SQLException e) {
      if (!SqlErrors.isRowError(e)) {
        throw e;
      }
      c.rollback(sp);
      if (rows.size() == 1) {
        Row bad = rows.get(0);
        reject.accept(new Rejection(bad.source(), "sink:" + bad.table().tableName(),
            e.getClass().getName(), "SQLState " + e.getSQLState() + ": " + e.getMessage()));
        return;
      }
      int mid = rows.size() / 2;
      writeIsolating(c, writer, rows.subList(0, mid), ok, reject);
      writeIsolating(c, writer, rows.subList(mid, rows.size()), ok, reject);
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      if (!c.isClosed()) {
        c.rollback();
      }
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
