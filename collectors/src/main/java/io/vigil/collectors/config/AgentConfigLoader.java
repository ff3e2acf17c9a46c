package io.vigil.collectors.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads the YAML file named by the system property vigil.collector.config or VIGIL_COLLECTOR_CONFIG, if any. */
public final class AgentConfigLoader {
  private AgentConfigLoader() {}

  public static AgentConfig load(Map<String, String> env) {
    String file = System.getProperty("vigil.collector.config", env.get("VIGIL_COLLECTOR_CONFIG"));
    Map<String, Object> yaml = Map.of();
    if (file != null && !file.isBlank()) {
      try (Reader r = Files.newBufferedReader(Path.of(file))) {
        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        if (parsed instanceof Map<?, ?> m) {
          @SuppressWarnings("unchecked")
          Map<String, Object> typed = (Map<String, Object>) m;
          yaml = typed;
        } else if (parsed != null) {
          throw new IllegalArgumentException("collector config " + file + " must be a YAML mapping");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read collector config " + file + ": " + e.getMessage(), e);
      }
    }
    return AgentConfig.from(yaml, env);
  }
}
