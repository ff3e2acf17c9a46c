package io.vigil.collectors.prometheus;

import io.micronaut.context.annotation.Context;
import io.vigil.collectors.config.AgentConfig;
import io.vigil.collectors.delivery.RecordSink;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Starts a scraper for every {@code prometheus:} entry of the agent config. A mapping's {@code families} become
 * MetricSamples, its {@code fields} HealthSample/QualitySample fields ({@link FieldMapping}); a bad mapping fails the
 * agent start with the entry's index and reason.
 */
@Context
public class ScrapeSources {
  private final List<PrometheusScraper> scrapers = new ArrayList<>();

  public ScrapeSources(AgentConfig config, RecordSink sink, AtomicLong seq) {
    for (AgentConfig.ScrapeTarget t : config.prometheus()) {
      Map<String, Object> mapping = t.mapping() == null ? Map.of() : loadMapping(t.mapping());
      List<String> families = new ArrayList<>(t.families());
      if (mapping.get("families") instanceof List<?> f) {
        f.forEach(x -> families.add(String.valueOf(x)));
      }
      String source = t.source() != null ? t.source()
          : mapping.get("source") != null ? String.valueOf(mapping.get("source")) : "prometheus";
      List<FieldMapping> fields = FieldMapping.parse(mapping.get("fields"));
      PrometheusScraper s = new PrometheusScraper(new PrometheusScraper.Target(t.url(), t.interval(), source,
          List.copyOf(families), fields), sink, seq, config.nodeId(), config.tenant());
      s.start();
      scrapers.add(s);
    }
  }

  /** A shipped mapping by name (classpath prometheus/NAME.yaml) or a YAML file path. */
  static Map<String, Object> loadMapping(String nameOrPath) {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    try (InputStream in = ScrapeSources.class.getClassLoader().getResourceAsStream("prometheus/" + nameOrPath + ".yaml")) {
      if (in != null) {
        return yaml.load(in);
      }
      return yaml.load(Files.readString(Path.of(nameOrPath)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Prometheus mapping " + nameOrPath + ": " + e.getMessage(), e);
    }
  }

  @PreDestroy
  void stop() {
    scrapers.forEach(PrometheusScraper::close);
  }
}
