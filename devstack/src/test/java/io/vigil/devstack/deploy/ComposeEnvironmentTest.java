package io.vigil.devstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigil.testkit.programs.RequiredProgram;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml sets every environment variable each service reads (so an operator sees all the knobs in one
 * place), and validates with Debian's docker-compose. Read from `docker-compose config`, which resolves anchors.
 */
class ComposeEnvironmentTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Pattern VAR = Pattern.compile("\\bVIGIL_[A-Z0-9_]+[A-Z0-9]\\b");
  /**
   * A compose service: the reactor module it runs and which of that module's main files belong to it (the collectors
   * module ships two processes: the agent and the CDC source).
   */
  record Service(String module, String onlyUnder, String exceptUnder, boolean hasHttpPort) {}

  static final Map<String, Service> SERVICES = Map.of(
      "collector", new Service("collectors", null, "io/vigil/collectors/cdc/", true),
      "cdc", new Service("collectors", "io/vigil/collectors/cdc/", null, true),
      "stream-processors", new Service("stream-processors", null, null, true),
      "alerting", new Service("alerting", null, null, true),
      "sink", new Service("sink-timescale", null, null, true),
      "query-api", new Service("query-api", null, null, true));

  static JsonNode resolvedCompose() throws Exception {
    Path docker = RequiredProgram.require("docker-compose", "docker-compose");
    ProcessBuilder pb = new ProcessBuilder(docker.toString(), "-f", ROOT.resolve("docker-compose.yml").toString(), "config")
        .redirectErrorStream(true).directory(ROOT.toFile());
    // The secrets compose insists on (`${VAR:?}`): an operator must set them; the test sets stand-ins.
    pb.environment().put("VIGIL_JWT_SECRET", "test-only-secret-that-is-at-least-32-bytes");
    pb.environment().put("VIGIL_COLLECTOR_TOKENS", "test-token");
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("docker-compose config: %s", out).isZero();
    return new ObjectMapper(new YAMLFactory()).readTree(out);
  }

  /** VIGIL_* names a module's main code and config read (prefix-style names ending in _ are not variables). */
  static Set<String> variablesReadBy(Service service) throws Exception {
    Set<String> vars = new TreeSet<>();
    Path main = ROOT.resolve(service.module()).resolve("src/main");
    if (!Files.isDirectory(main)) {
      return vars;
    }
    try (Stream<Path> files = Files.walk(main)) {
      for (Path f : files.filter(Files::isRegularFile)
          .filter(f -> f.toString().matches(".*\\.(java|yml|yaml|properties)$"))
          .filter(f -> service.onlyUnder() == null || f.toString().contains(service.onlyUnder()))
          .filter(f -> service.exceptUnder() == null || !f.toString().contains(service.exceptUnder())).toList()) {
        Matcher m = VAR.matcher(Files.readString(f));
        while (m.find()) {
          vars.add(m.group());
        }
      }
    }
    return vars;
  }

  @Test
  void everyVariableAServiceReadsIsSetForItInCompose() throws Exception {
    JsonNode services = resolvedCompose().get("services");
    List<String> missing = new ArrayList<>();
    for (var e : SERVICES.entrySet()) {
      JsonNode env = services.path(e.getKey()).path("environment");
      assertThat(services.has(e.getKey())).as("compose service %s", e.getKey()).isTrue();
      for (String v : variablesReadBy(e.getValue())) {
        if (!env.has(v)) {
          missing.add(e.getKey() + ": " + v);
        }
      }
    }
    assertThat(missing).as("variables read by a service but not set in docker-compose.yml").isEmpty();
  }

  @Test
  void everyServiceHasAHealthcheckAndWaitsForItsDependencies() throws Exception {
    JsonNode services = resolvedCompose().get("services");
    for (String s : SERVICES.keySet()) {
      if (SERVICES.get(s).hasHttpPort()) {
        assertThat(services.get(s).has("healthcheck")).as("%s healthcheck", s).isTrue();
      }
      assertThat(services.get(s).path("depends_on").path("kafka").path("condition").asText())
          .as("%s waits for a healthy Kafka", s).isEqualTo("service_healthy");
    }
    for (String infra : List.of("kafka", "schema-registry", "timescaledb", "grafana")) {
      assertThat(services.has(infra)).as(infra).isTrue();
    }
    assertThat(services.get("grafana").get("volumes").toString()).contains("grafana/provisioning");
  }
}
