package io.vigil.testkit.registry;

import io.vigil.schemas.registry.RestSchemaRegistryClient;
import io.vigil.schemas.registry.server.MemorySchemaLog;
import io.vigil.schemas.registry.server.RegistryHttpServer;
import java.io.IOException;

/** The project's own Confluent-compatible registry on a random local port, one per JVM, for tests. */
public final class TestRegistry {
  private static volatile RegistryHttpServer shared;

  private TestRegistry() {}

  public static String url() {
    if (shared == null) {
      synchronized (TestRegistry.class) {
        if (shared == null) {
          try {
            RegistryHttpServer server = new RegistryHttpServer("127.0.0.1", 0, new MemorySchemaLog()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "registry-shutdown"));
            shared = server;
          } catch (IOException e) {
            throw new IllegalStateException("could not start the test schema registry: " + e, e);
          }
        }
      }
    }
    return shared.url();
  }

  /** A fresh client (its own cache) against the shared registry. */
  public static RestSchemaRegistryClient client() {
    return new RestSchemaRegistryClient(url());
  }
}
