package io.vigil.collectors;

import io.micronaut.runtime.Micronaut;

/**
 * The collector agent: a Micronaut app serving the push endpoints and running the configured sources.
 * {@code --config <file.yaml>} or VIGIL_COLLECTOR_CONFIG names the YAML; environment variables override it.
 */
public final class CollectorAgent {
  private CollectorAgent() {}

  public static void main(String[] args) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--config")) {
        System.setProperty("vigil.collector.config", args[i + 1]);
      }
    }
    Micronaut.build(args).mainClass(CollectorAgent.class).start();
  }
}
