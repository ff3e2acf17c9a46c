package io.vigil.queryapi.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.queryapi.problem.DatabaseException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.util.PGobject;

/** Runs bound statements and maps rows to JSON-ready maps (timestamps as ISO-8601, jsonb as JSON). */
@Singleton
public class Db {
  private final DataSource dataSource;
  private final ObjectMapper json;

  public Db(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  public List<Map<String, Object>> list(Sql sql) {
    try (Connection c = dataSource.getConnection()) {
      return list(c, sql);
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /** Runs a query and hands its rows to a reader that builds its own result, for results too hot for per-row maps. */
  public <T> T query(Sql sql, RowsReader<T> reader) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql);
         ResultSet rs = ps.executeQuery()) {
      return reader.read(rs);
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /** Turns a whole result set into one value. */
  @FunctionalInterface
  public interface RowsReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  public Optional<Map<String, Object>> one(Sql sql) {
    List<Map<String, Object>> rows = list(sql);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public List<Map<String, Object>> list(Connection c, Sql sql) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql); ResultSet rs = ps.executeQuery()) {
      return rows(rs);
    }
  }

  public int update(Connection c, Sql sql) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql)) {
      return ps.executeUpdate();
    }
  }

  /** Runs work in one transaction (e.g. a change and its audit row). */
  public <T> T inTransaction(TxWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /** Work inside a transaction. */
  @FunctionalInterface
  public interface TxWork<T> {
    T run(Connection c) throws SQLException;
  }

  public String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalArgumentException("not serialisable as JSON", e);
    }
  }

  /** Prepares sql on c with its parameters bound (instants as timestamps). */
  public static PreparedStatement prepare(Connection c, Sql sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql.text());
    int i = 1;
    for (Object p : sql.params()) {
      if (p instanceof java.time.Instant in) {
        ps.setTimestamp(i++, Timestamp.from(in));
      } else {
        ps.setObject(i++, p);
      }
    }
    return ps;
  }

  private List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    List<Map<String, Object>> out = new ArrayList<>();
    while (rs.next()) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        row.put(md.getColumnLabel(i), value(rs.getObject(i)));
      }
      out.add(row);
    }
    return out;
  }

  private Object value(Object v) throws SQLException {
    if (v instanceof Timestamp ts) {
      return ts.toInstant().toString();
    }
    if (v instanceof PGobject pg && pg.getValue() != null
        && ("jsonb".equals(pg.getType()) || "json".equals(pg.getType()))) {
      try {
        return json.readTree(pg.getValue());
      } catch (Exception e) {
        return pg.getValue();
      }
    }
    if (v instanceof java.sql.Array arr) {
      return List.of((Object[]) arr.getArray());
    }
    if (v instanceof java.util.UUID u) {
      return u.toString();
    }
    return v;
  }
}
