package io.vigil.schemas.registry;

import io.vigil.schemas.registry.server.MemorySchemaLog;
import io.vigil.schemas.registry.server.RegistryHttpServer;
import java.io.IOException;

/** Starts the project's registry on a random port for one test class. */
final class RegistryServerFixture {
  private RegistryServerFixture() {}

  static RegistryHttpServer start() {
    try {
      return new RegistryHttpServer("127.0.0.1", 0, new MemorySchemaLog()).start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
