package io.vigil.streams.rulefiles;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.streams.cli.RulesCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RuleTestRunnerTest {
  private static final Path PACK_TESTS = Path.of("src/main/resources/rules/default-rules.test.yml");

  @Test
  void defaultPackTestsPass() throws Exception {
    RuleTestRunner.Result r = RuleTestRunner.run(PACK_TESTS);
    assertThat(r.failures()).isEmpty();
    assertThat(r.cases()).isGreaterThanOrEqualTo(10);
  }

  @Test
  void wrongExpectationsFailWithTheirLine(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("rules.yml"), """
        groups:
          - name: g
            rules:
              - alert: PoorNetworkQuality
                source: quality
                metric: loss_pct
                op: gt
                threshold: 5
                for: 10s
        """);
    Files.writeString(dir.resolve("t.yml"), """
        rule_files: [rules.yml]
        tests:
          - name: too early
            interval: 2s
            input_series:
              - source: quality
                labels: {stream_id: s1, kind: audio}
                values: {loss_pct: "8x10"}
            alert_rule_test:
              - eval_time: 4s
                alertname: PoorNetworkQuality
                exp_alerts:
                  - exp_labels: {stream_id: s1}
              - eval_time: 12s
                alertname: PoorNetworkQuality
        """);
    RuleTestRunner.Result r = RuleTestRunner.run(dir.resolve("t.yml"));
    assertThat(r.cases()).isEqualTo(2);
    assertThat(r.failures()).hasSize(2);
    assertThat(r.failures().get(0)).startsWith(dir.resolve("t.yml") + ":13:").contains("expected PoorNetworkQuality firing");
    assertThat(r.failures().get(1)).startsWith(dir.resolve("t.yml") + ":14:").contains("unexpected PoorNetworkQuality");
  }

  @Test
  void seriesNotation() {
    assertThat(SeriesValues.expand("1 1+2x3 _x1 5x2")).containsExactly(1.0, 1.0, 3.0, 5.0, 7.0, null, null, 5.0, 5.0, 5.0);
  }

  @Test
  void cliExitCodes(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yml");
    Files.writeString(bad, "groups:\n  - name: g\n    rules:\n      - alert: X\n        source: nowhere\n");
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new RulesCommand());
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    assertThat(cli.execute("check", bad.toString())).isEqualTo(1);
    assertThat(err.toString()).contains(bad + ":5:17: source must be one of");
    assertThat(cli.execute("check", "default")).isEqualTo(0);
    assertThat(cli.execute("test", PACK_TESTS.toString())).isEqualTo(0);
    assertThat(List.of(cli.execute("check", dir.resolve("missing.yml").toString()))).containsExactly(1);
  }
}
