package io.vigil.devstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.testkit.postgres.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every SQL query of every provisioned Grafana dashboard — panels, template variables, annotations — expanded the
 * way Grafana expands PostgreSQL macros, run against the storage schema with pipeline data: each must run and return rows.
 */
public class DashboardQueriesTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path DASHBOARDS = ROOT.resolve("grafana/provisioning/dashboards/json");
  static String db;

  @BeforeAll
  static void schemaAndData() throws Exception {
    Postgres pg = Postgres.shared();
    db = pg.newDatabase();
    try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
      StorageSchema.create(c);
      PipelineData.load(s);
    }
  }

  /** One SQL query of a dashboard: {@code where} is "panel 'TITLE'", "variable $NAME" or "annotation NAME". */
  public record Query(String dashboard, String where, String sql) {}

  /** Every query of every provisioned dashboard (also run by the end-to-end test against sink-written data). */
  public static List<Query> queries() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<Query> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
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
    }
    return out;
  }

  @Test
  void fiveDashboardsAreProvisioned() throws Exception {
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(
          "vigil-call-quality.json", "vigil-stream.json", "vigil-ffmpeg.json", "vigil-pipeline.json", "vigil-alerts.json");
    }
  }

  @Test
  void everyQueryRunsAndReturnsRows() throws Exception {
    Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant from = to.minus(6, ChronoUnit.HOURS);
    Map<String, String> variables = Map.of("tenant", "default", "stream", PipelineData.STREAM, "participant", "*");
    List<String> failures = new ArrayList<>();
    List<Query> all = queries();
    assertThat(all).hasSizeGreaterThan(25);
    try (Connection c = Postgres.shared().connect(db)) {
      for (Query q : all) {
        String sql = GrafanaMacros.expand(q.sql(), from, to, 60, variables);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
          if (!rs.next()) {
            failures.add(q.dashboard() + " / " + q.where() + ": no rows");
          }
        } catch (Exception e) {
          failures.add(q.dashboard() + " / " + q.where() + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
      }
    }
    assertThat(failures).as("queries that failed or returned nothing").isEmpty();
  }
}
