package io.vigil.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.alerting.cli.CheckCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Map<String, String> ENV = Map.of("VIGIL_SLACK_WEBHOOK_URL", "https://hooks.slack.test/T/B/secret123",
      "VIGIL_PAGERDUTY_ROUTING_KEY", "pd-key-secret", "VIGIL_WEBHOOK_HMAC_KEY", "hmac-secret");

  private static String example() throws Exception {
    try (var in = ConfigLoaderTest.class.getResourceAsStream("/alerting.example.yml")) {
      return new String(in.readAllBytes());
    }
  }

  @Test
  void loadsTheShippedExampleWithInheritedTimers() throws Exception {
    AlertingConfig c = ConfigLoader.parse(example(), "example", ENV::get);
    assertThat(c.receivers()).containsOnlyKeys("slack-ops", "pagerduty-oncall", "audit-webhook");
    assertThat(c.receivers().get("pagerduty-oncall").ratePerSecond()).isEqualTo(2.0);
    assertThat(c.receivers().get("slack-ops").ratePerSecond()).isEqualTo(1.0);
    var pd = c.routes().root().children().get(0);
    assertThat(pd.groupWait()).isEqualTo(Duration.ZERO);
    assertThat(pd.groupInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(pd.groupBy()).containsExactly("alertname", "room");
    assertThat(c.inhibitRules()).hasSize(1);
    assertThat(c.timeIntervals()).containsKey("maintenance");
  }

  @Test
  void secretsNeverAppearInToString() throws Exception {
    AlertingConfig c = ConfigLoader.parse(example(), "example", ENV::get);
    assertThat(c.toString()).doesNotContain("secret123").doesNotContain("pd-key-secret").doesNotContain("hmac-secret");
    assertThat(c.receivers().get("slack-ops").url().reveal()).endsWith("secret123");
  }

  @Test
  void reportsEveryProblemWithItsLine() {
    String yaml = """
        receivers:
          - name: slack
            type: slack
            url_env: MISSING_VAR
          - name: hook
            type: carrier-pigeon
        route:
          receiver: nobody
          group_wait: soon
          colour: blue
          routes:
            - matchers: ['severity=~"(critical"']
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(yaml, "bad.yml", Map.<String, String>of()::get))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> {
          var problems = ((ConfigException) e).problems();
          assertThat(problems).extracting(ConfigException.Problem::line).containsExactlyInAnyOrder(4, 6, 8, 9, 10, 12);
          assertThat(e.getMessage()).contains("line 4").contains("MISSING_VAR is not set")
              .contains("line 6").contains("type must be one of")
              .contains("line 8").contains("unknown receiver 'nobody'")
              .contains("line 9").contains("'soon' is not a duration")
              .contains("line 10").contains("unknown field 'colour'")
              .contains("line 12").contains("invalid regex");
        });
  }

  @Test
  void yamlSyntaxErrorsCarryTheirPosition() {
    assertThatThrownBy(() -> ConfigLoader.parse("route:\n  receiver: [a\n", "x", k -> null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("YAML syntax");
  }

  @Test
  void checkCommandExitCodes(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("good.yml");
    Files.writeString(good, "receivers: [{name: w, type: webhook, url: 'http://localhost:1/x'}]\nroute: {receiver: w}\n");
    Path bad = dir.resolve("bad.yml");
    Files.writeString(bad, "receivers: []\nroute: {receiver: w}\n");
    assertThat(CheckCommand.run(good)).isZero();
    assertThat(CheckCommand.run(bad)).isEqualTo(1);
  }

  @Test
  void durations() {
    assertThat(DurationParser.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationParser.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(DurationParser.parse("0s")).isZero();
    assertThatThrownBy(() -> DurationParser.parse("5 minutes")).isInstanceOf(IllegalArgumentException.class);
  }
}
