package io.vigil.schemas.wire;

import io.vigil.schemas.registry.RestSchemaRegistryClient;
import io.vigil.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Configuration keys the serdes read; names match Confluent's so existing client configs work unchanged. */
public final class SerdeConfig {
  public static final String REGISTRY_URL = "schema.registry.url";
  public static final String AUTO_REGISTER = "auto.register.schemas";
  /** Fully-qualified SpecificRecord class to deserialize into, when the deserializer is created by class name. */
  public static final String VALUE_TYPE = "vigil.avro.value.type";

  private static final Map<String, SchemaRegistryClient> CLIENTS = new ConcurrentHashMap<>();

  private SerdeConfig() {}

  /** One cached client per registry URL, so every serde in a process shares the id/schema cache. */
  static SchemaRegistryClient client(Map<String, ?> configs) {
    Object url = configs.get(REGISTRY_URL);
    if (url == null) {
      throw new IllegalArgumentException("'" + REGISTRY_URL + "' is not configured for the Avro serde");
    }
    return CLIENTS.computeIfAbsent(url.toString(), RestSchemaRegistryClient::new);
  }

  static boolean autoRegister(Map<String, ?> configs) {
    Object v = configs.get(AUTO_REGISTER);
    return v == null || Boolean.parseBoolean(v.toString());
  }
}
