package io.vigil.schemas.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthPortTest {
  @Test
  void defaultNumberOffAndErrors() {
    assertThat(HealthPort.fromEnv(Map.of(), "X_PORT", 8050)).isEqualTo(8050);
    assertThat(HealthPort.fromEnv(Map.of("X_PORT", " 18050 "), "X_PORT", 8050)).isEqualTo(18050);
    assertThat(HealthPort.fromEnv(Map.of("X_PORT", "0"), "X_PORT", 8050)).isZero();
    assertThat(HealthPort.fromEnv(Map.of("X_PORT", "OFF"), "X_PORT", 8050)).isZero();
    assertThatThrownBy(() -> HealthPort.fromEnv(Map.of("X_PORT", "70000"), "X_PORT", 8050))
        .hasMessage("X_PORT must be a port number or 'off', got '70000'");
    assertThatThrownBy(() -> HealthPort.fromEnv(Map.of("X_PORT", "eighty"), "X_PORT", 8050))
        .hasMessageContaining("X_PORT must be a port number");
  }
}
