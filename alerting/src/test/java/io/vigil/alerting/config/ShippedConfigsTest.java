package io.vigil.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alerting configs shipped outside this module (compose, dev stack) load with the environment they are given. */
class ShippedConfigsTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void composeConfigLoadsWithItsSecretsAndNamesTheMissingOne() {
    Path file = ROOT.resolve("deploy/alerting.yml");
    AlertingConfig c = ConfigLoader.load(file, Map.of("VIGIL_SLACK_WEBHOOK_URL", "https://hooks.slack.test/x",
        "VIGIL_PAGERDUTY_ROUTING_KEY", "pd-key")::get);
    assertThat(c.receivers()).containsOnlyKeys("slack-ops", "pagerduty-oncall");
    assertThat(c.inhibitRules()).hasSize(1);

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of("VIGIL_PAGERDUTY_ROUTING_KEY", "pd-key")::get))
        .hasMessageContaining("VIGIL_SLACK_WEBHOOK_URL is not set");
  }

  @Test
  void devStackConfigPointsEveryReceiverAtTheLocalReceiver() {
    Path file = ROOT.resolve("devstack/src/main/resources/devstack/alerting.yml");
    AlertingConfig c = ConfigLoader.load(file, Map.of(
        "VIGIL_DEV_SLACK_URL", "http://127.0.0.1:8099/slack",
        "VIGIL_DEV_PAGERDUTY_URL", "http://127.0.0.1:8099/pagerduty",
        "VIGIL_DEV_WEBHOOK_URL", "http://127.0.0.1:8099/webhook")::get);
    assertThat(c.receivers()).containsOnlyKeys("dev-slack", "dev-pagerduty", "dev-webhook");
    assertThat(c.receivers().values()).allSatisfy(r -> assertThat(r.url().reveal()).startsWith("http://127.0.0.1:8099/"));
  }
}
