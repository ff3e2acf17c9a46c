package io.vigil.devstack.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {
  @Test
  void freePortsLieOutsideTheEphemeralRangeAndAreNeverHandedOutTwice() {
    int[] ephemeral = Ports.ephemeralRange();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = Ports.free();
      assertThat(port).isBetween(1024, 65535);
      assertThat(port < ephemeral[0] || port > ephemeral[1]).as("port %d vs ephemeral %d-%d", port, ephemeral[0],
          ephemeral[1]).isTrue();
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
    }
  }

  @Test
  void picksBelowTheEphemeralRangeWhenThereIsRoomElseAbove() {
    assertThat(Ports.pickRange(new int[] {32768, 60999})).containsExactly(20000, 32767);
    assertThat(Ports.pickRange(new int[] {1024, 60999})).containsExactly(61000, 65535);
    assertThatThrownBy(() -> Ports.pickRange(new int[] {1024, 65000})).hasMessageContaining("no room");
  }
}
