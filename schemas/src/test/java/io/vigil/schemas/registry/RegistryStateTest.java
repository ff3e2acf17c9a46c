package io.vigil.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.schemas.registry.server.CompatibilityLevel;
import io.vigil.schemas.registry.server.LogEntry;
import io.vigil.schemas.registry.server.RegistryState;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class RegistryStateTest {
  static Schema v1 = SchemaBuilder.record("R").fields().requiredString("a").endRecord();
  static Schema v2 = SchemaBuilder.record("R").fields().requiredString("a").optionalLong("b").endRecord();
  static Schema dropsA = SchemaBuilder.record("R").fields().requiredLong("c").endRecord();

  static int register(RegistryState s, String subject, Schema schema) {
    var plan = s.plan(subject, schema);
    plan.newEntry().ifPresent(s::apply);
    return plan.id();
  }

  @Test
  void versionsCountUpAndReRegisteringIsIdempotent() {
    var s = new RegistryState();
    int id1 = register(s, "t-value", v1);
    int id2 = register(s, "t-value", v2);
    assertThat(register(s, "t-value", v1)).isEqualTo(id1);
    assertThat(s.versions("t-value").orElseThrow()).extracting(RegistryState.Version::version).containsExactly(1, 2);
    assertThat(s.version("t-value", "latest").orElseThrow().id()).isEqualTo(id2);
  }

  @Test
  void backwardIsTheDefaultAndNoneLetsAnythingThrough() {
    var s = new RegistryState();
    register(s, "t-value", v1);
    assertThatThrownBy(() -> s.plan("t-value", dropsA)).isInstanceOf(RegistryState.IncompatibleException.class)
        .hasMessageContaining("t-value");
    s.apply(new LogEntry.Config("t-value", CompatibilityLevel.NONE));
    assertThat(register(s, "t-value", dropsA)).isPositive();
    assertThat(s.level(null)).isEqualTo(CompatibilityLevel.BACKWARD);
  }

  @Test
  void replayingTheLogRebuildsTheSameIds() {
    var log = new java.util.ArrayList<LogEntry>();
    var s = new RegistryState();
    for (Schema schema : new Schema[] {v1, v2}) {
      var plan = s.plan("t-value", schema);
      plan.newEntry().ifPresent(e -> {
        log.add(e);
        s.apply(e);
      });
    }
    var replayed = new RegistryState();
    log.forEach(replayed::apply);
    assertThat(replayed.lookup("t-value", v2).orElseThrow().id()).isEqualTo(s.lookup("t-value", v2).orElseThrow().id());
    assertThat(replayed.plan("other-value", SchemaBuilder.record("Z").fields().endRecord()).id()).isEqualTo(3);
  }
}
