package io.vigil.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.registry.server.CompatibilityLevel;
import io.vigil.schemas.topics.Topic;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guard of ARCHITECTURE section 3: every schema must stay BACKWARD compatible with the last released version
 * kept in {@code src/test/resources/released/v1}. A breaking change fails here before it reaches a registry.
 */
class SchemaEvolutionTest {
  static final String RELEASE = "released/v1/";

  static Stream<Topic> typedTopics() {
    return Stream.of(Topic.values()).filter(t -> t.valueType().isPresent());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typedTopics")
  void currentSchemaReadsEverythingTheReleasedOneWrote(Topic topic) throws IOException {
    Schema current = SpecificData.get().getSchema(topic.valueType().orElseThrow());
    Schema released = released(current.getName());
    List<String> problems = CompatibilityLevel.BACKWARD.problems(current, List.of(released));
    assertThat(problems).as("%s must stay BACKWARD compatible with %s%s.avsc", current.getName(), RELEASE, current.getName())
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typedTopics")
  void theGuardWouldCatchARemovedRequiredFieldTurnedNew(Topic topic) throws IOException {
    // Guard the guard: a reader that requires a field the released writer never wrote must be reported.
    Schema released = released(topic.valueType().orElseThrow().getSimpleName());
    var fields = released.getFields().stream()
        .map(f -> new Schema.Field(f.name(), f.schema(), f.doc(), f.defaultVal())).toList();
    var broken = Schema.createRecord(released.getName(), null, released.getNamespace(), false,
        Stream.concat(fields.stream(), Stream.of(new Schema.Field("brand_new_required", Schema.create(Schema.Type.LONG))))
            .toList());
    assertThat(CompatibilityLevel.BACKWARD.problems(broken, List.of(released))).isNotEmpty();
  }

  static Schema released(String name) throws IOException {
    try (InputStream in = SchemaEvolutionTest.class.getClassLoader().getResourceAsStream(RELEASE + name + ".avsc")) {
      assertThat(in).as("released schema %s%s.avsc is kept in the repo", RELEASE, name).isNotNull();
      return new Schema.Parser().parse(in);
    }
  }
}
