package io.vigil.testkit.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every SQL query of every provisioned Grafana dashboard (panels, template variables, annotations), and a runner that
 * expands them with {@link GrafanaMacros} and runs them on a database. Used by the dashboard tests against embedded
 * PostgreSQL and TimescaleDB, and by the end-to-end test against sink-written data.
 */
public final class DashboardQueries {
  /** Where the provisioned dashboards live, relative to the repository root. */
  public static final String DASHBOARDS_PATH = "grafana/provisioning/dashboards/json";

  /** One SQL query of a dashboard: {@code where} is "panel 'TITLE'", "variable $NAME" or "annotation NAME". */
  public record Query(String dashboard, String where, String sql) {
    /** "Dashboard / where", without the common "Vigil · " prefix of the titles. */
    public String name() {
      return dashboard.replace("Vigil \u00b7 ", "") + " / " + where;
    }
  }

  /** A query's outcome: the rows it returned, or the first line of the database's error (then rows is -1). */
  public record Result(Query query, int rows, String error) {
    public boolean failed() {
      return error != null;
    }

    public boolean empty() {
      return error == null && rows == 0;
    }
  }

  private DashboardQueries() {}

  /** The dashboards directory: the first ancestor of the working directory (a module) holding it. */
  public static Path directory() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path dir = p.resolve(DASHBOARDS_PATH);
      if (Files.isDirectory(dir)) {
        return dir;
      }
    }
    throw new IllegalStateException(DASHBOARDS_PATH + " not found above " + Path.of("").toAbsolutePath());
  }

  /** Every query of every dashboard in {@link #directory()}, in file order. */
  public static List<Query> all() {
    return all(directory());
  }

  /** Every query of every dashboard JSON in {@code dir}, in file order. */
  public static List<Query> all(Path dir) {
    ObjectMapper json = new ObjectMapper();
    List<Query> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        JsonNode d = json.readTree(f.toFile());
        String name = d.get("title").asText();
        for (JsonNode p : d.path("panels")) {
          for (JsonNode t : p.path("targets")) {
            out.add(new Query(name, "panel '" + p.get("title").asText() + "'", t.get("rawSql").asText()));
          }
        }
        for (JsonNode v : d.path("templating").path("list")) {
          out.add(new Query(name, "variable $" + v.get("name").asText(), v.get("query").asText()));
        }
        for (JsonNode a : d.path("annotations").path("list")) {
          if (a.has("target")) {
            out.add(new Query(name, "annotation " + a.get("name").asText(), a.get("target").get("rawSql").asText()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the dashboards in " + dir, e);
    }
    return out;
  }

  /**
   * Expands each query for the time range, interval and variables and runs it on {@code c}, counting its rows. A
   * database error is recorded in the result; a macro or variable the expansion does not know throws.
   */
  public static List<Result> run(Connection c, List<Query> queries, Instant from, Instant to, long intervalSeconds,
                                 Map<String, String> variables) {
    List<Result> out = new ArrayList<>();
    for (Query q : queries) {
      String sql = GrafanaMacros.expand(q.sql(), from, to, intervalSeconds, variables);
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        int rows = 0;
        while (rs.next()) {
          rows++;
        }
        out.add(new Result(q, rows, null));
      } catch (SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        out.add(new Result(q, -1, message.lines().findFirst().orElse("")));
        rollbackIfInTransaction(c);
      }
    }
    return out;
  }

  /** A failed query aborts an open transaction; roll it back so the next query runs. */
  private static void rollbackIfInTransaction(Connection c) {
    try {
      if (!c.getAutoCommit()) {
        c.rollback();
      }
    } catch (SQLException ignored) {
      // the error of the query itself is what the caller reports
    }
  }
}
