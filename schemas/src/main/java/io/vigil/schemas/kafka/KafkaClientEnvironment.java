package io.vigil.schemas.kafka;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Standard Kafka client settings passed through from the environment, so every Vigil service can reach a TLS/SASL
 * cluster: each {@code VIGIL_KAFKA_CLIENT_<NAME>} variable becomes the client property {@code <name>} lower-cased with
 * {@code _} replaced by {@code .} (for example {@code VIGIL_KAFKA_CLIENT_SECURITY_PROTOCOL=SASL_SSL} sets
 * {@code security.protocol}, {@code VIGIL_KAFKA_CLIENT_SASL_JAAS_CONFIG} sets {@code sasl.jaas.config}). Values are kept
 * verbatim (an empty value is kept too: {@code ssl.endpoint.identification.algorithm=} is meaningful).
 *
 * <p>Services apply the overrides after their own settings with {@link #putAll}, which never replaces the settings
 * Vigil owns ({@link #RESERVED}: bootstrap servers, serializers, deserializers, Streams application id). Values may hold
 * secrets: never log them; {@link #describe} names only the keys.
 */
public final class KafkaClientEnvironment {
  /** The variable prefix; deliberately not {@code VIGIL_KAFKA_}, which also starts the bootstrap/partition settings. */
  public static final String PREFIX = "VIGIL_KAFKA_CLIENT_";

  /** Properties Vigil sets itself and the environment may not override. */
  public static final Set<String> RESERVED = Set.of("bootstrap.servers", "key.serializer", "value.serializer",
      "key.deserializer", "value.deserializer", "application.id");

  private KafkaClientEnvironment() {}

  /** The client properties named by {@code VIGIL_KAFKA_CLIENT_*} entries of {@code env}, sorted by key (pure). */
  public static Map<String, String> overrides(Map<String, String> env) {
    Map<String, String> out = new TreeMap<>();
    env.forEach((name, value) -> {
      if (name != null && value != null && name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
        out.put(name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    return out;
  }

  /** {@link #overrides} of this process's environment. */
  public static Map<String, String> fromProcessEnvironment() {
    return overrides(System.getenv());
  }

  /** Puts {@code overrides} into {@code props}, skipping the {@link #RESERVED} keys; returns {@code props}. */
  public static <M extends Map<? super String, ? super String>> M putAll(M props, Map<String, String> overrides) {
    overrides.forEach((key, value) -> {
      if (!RESERVED.contains(key)) {
        props.put(key, value);
      }
    });
    return props;
  }

  /** A start-up log line naming the override keys (never the values, which may be secrets). */
  public static String describe(Map<String, String> overrides) {
    if (overrides.isEmpty()) {
      return "Kafka client overrides: none (" + PREFIX + "* unset)";
    }
    Set<String> applied = new TreeSet<>(overrides.keySet());
    Set<String> ignored = new TreeSet<>(applied);
    ignored.retainAll(RESERVED);
    applied.removeAll(RESERVED);
    return "Kafka client overrides from " + PREFIX + "*: " + applied
        + (ignored.isEmpty() ? "" : "; ignored (set by Vigil): " + ignored);
  }
}
