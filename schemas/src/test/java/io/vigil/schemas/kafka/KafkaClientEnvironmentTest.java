package io.vigil.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientEnvironmentTest {
  static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
      + "username=\"vigil\" password=\"s3cr=t; \\\"x\\\"\";";

  @Test
  void mapsPrefixedVariablesToLowerCaseDottedPropertiesKeepingValuesVerbatim() {
    Map<String, String> env = Map.of(
        "VIGIL_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
        "VIGIL_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512",
        "VIGIL_KAFKA_CLIENT_SASL_JAAS_CONFIG", JAAS,
        "VIGIL_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION", "/run/secrets/Kafka Truststore.p12",
        "VIGIL_KAFKA_CLIENT_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "");

    assertThat(KafkaClientEnvironment.overrides(env)).containsExactly(
        Map.entry("sasl.jaas.config", JAAS),
        Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
        Map.entry("security.protocol", "SASL_SSL"),
        Map.entry("ssl.endpoint.identification.algorithm", ""),
        Map.entry("ssl.truststore.location", "/run/secrets/Kafka Truststore.p12"));
  }

  @Test
  void ignoresUnrelatedVariablesIncludingOtherKafkaSettings() {
    Map<String, String> env = Map.of(
        "VIGIL_KAFKA_BOOTSTRAP", "kafka:9092",
        "VIGIL_KAFKA_PARTITIONS", "12",
        "VIGIL_KAFKA_REPLICATION", "3",
        "VIGIL_KAFKA_CLIENT_", "bare prefix",
        "VIGIL_DB_PASSWORD", "x",
        "KAFKA_CLIENT_SECURITY_PROTOCOL", "SSL",
        "vigil_kafka_client_security_protocol", "SSL",
        "PATH", "/usr/bin");

    assertThat(KafkaClientEnvironment.overrides(env)).isEmpty();
  }

  @Test
  void putAllAddsOverridesAfterOwnSettingsButNeverReplacesReservedOnes() {
    Map<String, String> overrides = KafkaClientEnvironment.overrides(Map.of(
        "VIGIL_KAFKA_CLIENT_SECURITY_PROTOCOL", "SSL",
        "VIGIL_KAFKA_CLIENT_ACKS", "1",
        "VIGIL_KAFKA_CLIENT_BOOTSTRAP_SERVERS", "evil:9092",
        "VIGIL_KAFKA_CLIENT_KEY_SERIALIZER", "x",
        "VIGIL_KAFKA_CLIENT_VALUE_DESERIALIZER", "x",
        "VIGIL_KAFKA_CLIENT_APPLICATION_ID", "other"));
    Map<String, Object> props = new HashMap<>(Map.of("bootstrap.servers", "kafka:9092", "acks", "all"));

    KafkaClientEnvironment.putAll(props, overrides);

    assertThat(props).containsOnly(Map.entry("bootstrap.servers", "kafka:9092"), Map.entry("acks", "1"),
        Map.entry("security.protocol", "SSL"));
    Properties p = KafkaClientEnvironment.putAll(new Properties(), overrides);
    assertThat(p).containsOnlyKeys("acks", "security.protocol");
  }

  @Test
  void describeNamesKeysButNeverValues() {
    Map<String, String> overrides = KafkaClientEnvironment.overrides(Map.of(
        "VIGIL_KAFKA_CLIENT_SASL_JAAS_CONFIG", JAAS, "VIGIL_KAFKA_CLIENT_BOOTSTRAP_SERVERS", "evil:9092"));

    String line = KafkaClientEnvironment.describe(overrides);

    assertThat(line).contains("sasl.jaas.config").contains("bootstrap.servers").doesNotContain("s3cr=t")
        .doesNotContain("evil");
    assertThat(KafkaClientEnvironment.describe(Map.of())).contains("none");
  }
}
