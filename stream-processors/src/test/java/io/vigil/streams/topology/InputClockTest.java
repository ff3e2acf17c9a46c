package io.vigil.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputClockTest {
  private static final long WALL = 1_000_000_000L;

  @Test
  void runsWithTheWallClockUntilARecordSaysOtherwise() {
    InputClock clock = new InputClock();
    clock.tick();
    assertThat(clock.now(WALL)).isEqualTo(WALL);
  }

  @Test
  void lagsTheWallClockByHowLongTheRecordsReadSinceTheLastTickWaited() {
    InputClock clock = new InputClock();
    for (int i = 0; i < 10; i++) {
      clock.record(WALL, WALL - 40_000 - i);
    }
    assertThat(clock.now(WALL)).as("taken at the tick").isEqualTo(WALL);
    clock.tick();
    assertThat(clock.behindMs()).isEqualTo(40_004);
    assertThat(clock.now(WALL + 1_000)).isEqualTo(WALL + 1_000 - 40_004);
  }

  @Test
  void aFewProducersWithAWrongClockDoNotMoveIt() {
    InputClock clock = new InputClock();
    for (int i = 0; i < 20; i++) {
      clock.record(WALL, WALL - 30_000);
    }
    for (int i = 0; i < 5; i++) {
      clock.record(WALL, WALL + 300_000); // clock ahead: a negative wait, counted as none
      clock.record(WALL, WALL - 3_600_000); // clock an hour behind
    }
    clock.tick();
    assertThat(clock.behindMs()).isEqualTo(30_000);
  }

  @Test
  void keepsItsLagWhileNothingIsReadAndTakesOnlyTheNewestRecordsOfAnInterval() {
    InputClock clock = new InputClock();
    clock.record(WALL, WALL - 60_000);
    clock.tick();
    clock.tick(); // a stall: the records waited as long as the last ones read
    assertThat(clock.behindMs()).isEqualTo(60_000);

    for (int i = 0; i < 2 * InputClock.KEPT; i++) {
      clock.record(WALL, WALL - (i < InputClock.KEPT ? 60_000 : 500)); // catching up within one interval
    }
    clock.tick();
    assertThat(clock.behindMs()).isEqualTo(500);
    assertThat(clock.now(WALL)).isEqualTo(WALL - 500);
  }
}
