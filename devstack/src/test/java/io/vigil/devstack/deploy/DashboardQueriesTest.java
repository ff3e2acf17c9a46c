package io.vigil.devstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testkit.grafana.DashboardQueries;
import io.vigil.testkit.grafana.DashboardQueries.Query;
import io.vigil.testkit.grafana.DashboardQueries.Result;
import io.vigil.testkit.postgres.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every SQL query of every provisioned Grafana dashboard — panels, template variables, annotations — expanded the
 * way Grafana expands PostgreSQL macros, run against the storage schema with pipeline data: each must run and return rows.
 * The same queries run on TimescaleDB (sink-timescale's DashboardQueriesTimescaleIT) and on sink-written data in the
 * end-to-end test; extraction and expansion live in testkit ({@link DashboardQueries}).
 */
public class DashboardQueriesTest {
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

  @Test
  void fiveDashboardsAreProvisioned() throws Exception {
    try (Stream<Path> files = Files.list(DashboardQueries.directory())) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(
          "vigil-call-quality.json", "vigil-stream.json", "vigil-ffmpeg.json", "vigil-pipeline.json", "vigil-alerts.json");
    }
  }

  @Test
  void everyQueryRunsAndReturnsRows() throws Exception {
    Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant from = to.minus(6, ChronoUnit.HOURS);
    Map<String, String> variables = Map.of("tenant", "default", "stream", PipelineData.STREAM, "participant", "*");
    List<Query> all = DashboardQueries.all();
    assertThat(all).hasSizeGreaterThan(25);
    List<Result> results;
    try (Connection c = Postgres.shared().connect(db)) {
      results = DashboardQueries.run(c, all, from, to, 60, variables);
    }
    List<String> failures = results.stream().filter(r -> r.failed() || r.empty())
        .map(r -> r.query().dashboard() + " / " + r.query().where() + ": " + (r.failed() ? r.error() : "no rows"))
        .toList();
    assertThat(failures).as("queries that failed or returned nothing").isEmpty();
  }
}
