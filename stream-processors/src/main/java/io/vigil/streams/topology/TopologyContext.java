package io.vigil.streams.topology;

import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.registry.SchemaRegistryClient;
import io.vigil.schemas.wire.SpecificAvroDeserializer;
import io.vigil.streams.config.StreamsSettings;
import io.vigil.streams.validate.PipelineCounters;
import io.vigil.streams.validate.SampleChecks;
import java.util.List;

/** What every stage of one topology shares: settings, the start-up rules, the registry, the counters and delays. */
record TopologyContext(StreamsSettings settings, List<AlertRule> startupRules, SchemaRegistryClient registry,
                       PipelineCounters counters, InputDelays delays, SampleChecks checks) {
  RuleBook newRuleBook() {
    return new RuleBook(startupRules, new SpecificAvroDeserializer<>(registry, AlertRule.class), checks, counters);
  }
}
