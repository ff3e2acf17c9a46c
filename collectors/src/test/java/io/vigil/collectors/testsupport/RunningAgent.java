package io.vigil.collectors.testsupport;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.vigil.collectors.config.AgentConfig;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.AvroTrust;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.registry.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;

/** The real agent (HTTP -> spool -> Kafka) against the shared test broker and registry, for endpoint tests. */
public final class RunningAgent implements AutoCloseable {
  public static final HttpClient HTTP = HttpClient.newHttpClient();
  public final ApplicationContext ctx;
  public final EmbeddedServer server;
  public final KafkaBroker broker;

  private RunningAgent(ApplicationContext ctx, EmbeddedServer server, KafkaBroker broker) {
    this.ctx = ctx;
    this.server = server;
    this.broker = broker;
  }

  public static RunningAgent start(Path spool, String nodeId, String token) {
    AvroTrust.install();
    KafkaBroker broker = KafkaBroker.shared();
    broker.createTopics(Topic.QUALITY.topicName(), Topic.METRICS.topicName(), Topic.HEALTH.topicName(),
        Topic.COLLECTOR_COMMANDS.topicName());
    AgentConfig config = AgentConfig.from(Map.of(), Map.of("VIGIL_KAFKA_BOOTSTRAP", broker.bootstrapServers(),
        "VIGIL_SCHEMA_REGISTRY_URL", TestRegistry.url(), "VIGIL_SPOOL_DIR", spool.toString(), "VIGIL_NODE_ID", nodeId,
        "VIGIL_API_TOKENS", token));
    ApplicationContext ctx = ApplicationContext.builder().properties(Map.of("micronaut.server.port", -1))
        .singletons(config).start();
    return new RunningAgent(ctx, ctx.getBean(EmbeddedServer.class).start(), broker);
  }

  public String url() {
    String u = server.getURL().toString();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  public HttpResponse<String> post(String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public long endOffset(String topic) {
    return TopicReader.endOffset(broker.bootstrapServers(), topic);
  }

  /** Records of {@code type} on partition 0 of {@code topic} from {@code from} that pass {@code keep}. */
  public <T extends SpecificRecord> List<T> consume(String topic, long from, Class<T> type, Predicate<T> keep,
      int atLeast, Duration within) {
    return TopicReader.consume(broker.bootstrapServers(), topic, from, type, keep, atLeast, within, null);
  }

  @Override
  public void close() {
    ctx.close();
  }
}
