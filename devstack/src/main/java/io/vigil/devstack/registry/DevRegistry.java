package io.vigil.devstack.registry;

import io.vigil.schemas.registry.server.KafkaSchemaLog;
import io.vigil.schemas.registry.server.RegistryHttpServer;
import java.io.IOException;

/** The dev stack's Confluent-compatible schema registry, its schemas kept in a compacted topic on the dev broker. */
public final class DevRegistry {
  private DevRegistry() {}

  public static RegistryHttpServer start(String bootstrapServers, int port) throws IOException {
    return new RegistryHttpServer("127.0.0.1", port, new KafkaSchemaLog(bootstrapServers, KafkaSchemaLog.DEFAULT_TOPIC)).start();
  }
}
