package io.vigil.queryapi;

import io.micronaut.runtime.Micronaut;

/** Entry point of the query API service. */
public final class Application {
  private Application() {}

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
