package io.vigil.devstack.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.devstack.auth.DevTokens;
import io.vigil.devstack.database.LocalDatabase;
import io.vigil.devstack.services.ServiceCatalog;
import io.vigil.devstack.simulator.ControlPlane;
import io.vigil.devstack.simulator.FleetSimulator;
import io.vigil.devstack.simulator.Population;
import io.vigil.devstack.simulator.ScenarioSchedule;
import io.vigil.devstack.stack.DevStack;
import io.vigil.devstack.stack.DevStackConfig;
import io.vigil.testkit.grafana.DashboardQueries;
import io.vigil.testkit.kafka.KafkaBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The whole pipeline in one run, nothing mocked between collector and receiver: the dev stack (embedded PostgreSQL,
 * dev schema registry, local alert receiver, every service as its own JVM) on an in-process Kafka broker, driven by
 * the fleet simulator over the collector's HTTP API and the control plane's tables (CDC).
 *
 * <p>Schedule (seconds from the simulator's start): healthy, then {@code lossy-network} in room {@code sim-room-0-0}
 * (loss ramps to 12 % over 30 s: the 10 s-window PoorNetworkQuality rule fires), then {@code stream-error} (the
 * network is healthy again and the control plane flips that stream to error, which CDC carries to the lifecycle
 * table), then healthy (stream live again; the alert resolves after its 20 s keep_firing_for), then
 * {@code congested-sfu} (every participant on the first of two SFU nodes suffers: both its rooms alert, the other
 * node's do not), then {@code collector-silent} (the first node's reports stop: QualityReportsMissing fires for its
 * streams after 30 s, and resolves when the reports return).
 *
 * <p>The collector also supervises one FFmpeg job (written into its YAML by the dev stack; real FFmpeg, or the
 * {@link io.vigil.devstack.simulator.SimulatedFfmpeg} stand-in where FFmpeg is not installed), and
 * {@code ffmpeg-overload} runs together with {@code lossy-network}: the simulator holds the job to half real
 * time with SIGSTOP/SIGCONT, FFmpeg's own speed drops below 0.95 and FfmpegSlow ({@code for: 30s}) fires; with
 * {@code stream-error} comes {@code ffmpeg-crash}: the job is SIGKILLed, the collector reports it failed with exit code
 * 137 (FfmpegExitedNonZero fires) and restarts it. Last, every Grafana dashboard query runs against the database the
 * real sink filled.
 *
 * <p>On failure the stack's directory (service logs under {@code logs/}) is kept under {@code target/e2e/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String AFFECTED = "sim-room-0-0";
  static final String UNAFFECTED = "sim-room-0-1";
  static final String ALERT = "PoorNetworkQuality";
  static final int LOSSY_AT_S = 15;
  static final int STREAM_ERROR_AT_S = 100;
  static final int HEALTHY_AGAIN_AT_S = 130;
  static final int CONGESTED_AT_S = 160;
  static final int SILENT_AT_S = 210;
  static final int RECOVERED_AT_S = 270;
  static final String SCHEDULE = "healthy@0,lossy-network+ffmpeg-overload@" + LOSSY_AT_S + ",stream-error+ffmpeg-crash@"
      + STREAM_ERROR_AT_S + ",healthy@" + HEALTHY_AGAIN_AT_S + ",congested-sfu@" + CONGESTED_AT_S + ",collector-silent@"
      + SILENT_AT_S + ",healthy@" + RECOVERED_AT_S;
  /** The fleet: two SFU nodes with two rooms each; congested-sfu and collector-silent act on the first node. */
  static final Population FLEET = new Population(2, 2, 2);
  static final List<String> FIRST_NODE_ROOMS = List.of(AFFECTED, UNAFFECTED);
  static final List<String> SECOND_NODE_ROOMS = List.of("sim-room-1-0", "sim-room-1-1");
  static final String SILENT_ALERT = "QualityReportsMissing";
  static final String FFMPEG_ALERT = "FfmpegSlow";
  static final String FFMPEG_STREAM = "sim-ingest-0";

  static final long CLASS_START = System.nanoTime();
  static Path home;
  static KafkaBroker broker;
  static DevStackConfig config;
  static DevStack stack;
  static FleetSimulator simulator;
  static Thread simulatorThread;
  static long simStartNanos;
  static Instant simStartWall;
  static String viewerToken;
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** Lifecycle states of the affected stream as the API reported them over time (deduplicated runs). */
  static final List<String> observedStates = new CopyOnWriteArrayList<>();
  /** Speeds of the FFmpeg job as GET /v2/health/ingestion reported them over time. */
  static final List<Double> observedSpeeds = new CopyOnWriteArrayList<>();
  static boolean ffmpegJob;
  static Thread stateWatcher;
  static volatile boolean failed;

  @RegisterExtension
  static final TestWatcher WATCHER = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      failed = true;
    }
  };

  @BeforeAll
  static void upTheWholeStack() throws Exception {
    Path base = Path.of("target", "e2e").toAbsolutePath();
    Files.createDirectories(base);
    home = Files.createTempDirectory(base, "stack-");
    long t = System.nanoTime();
    broker = KafkaBroker.startDedicated();
    log("in-process Kafka broker at %s (%.1f s)", broker.bootstrapServers(), secondsSince(t));

    Map<String, String> env = new HashMap<>();
    env.put("VIGIL_HOME", home.toString());
    env.putAll(DevStackConfig.freePorts());
    env.put("VIGIL_PARTITIONS", "1");
    env.put("VIGIL_EXTERNAL_KAFKA", broker.bootstrapServers());
    // Tests run from the module directory; the reactor root is one level up.
    config = DevStackConfig.fromEnvironment(Path.of("..").toAbsolutePath().normalize(), env);

    DevTokens tokens = DevTokens.forHome(config.home());
    var services = ServiceCatalog.defaults(config, tokens.secret());
    List<String> notBuilt = services.stream().filter(s -> !s.isBuilt(config.root())).map(s -> s.name()).toList();
    assertThat(notBuilt).as("services not built (run `mvn -o install -DskipTests` first)").isEmpty();
    viewerToken = tokens.mint("e2e-test", "viewer", null, Duration.ofHours(1));

    t = System.nanoTime();
    // One real FFmpeg job under the collector when FFmpeg is installed (the FFmpeg test skips otherwise).
    stack = new DevStack(config, System.out, services).withFfmpegJobs(1);
    stack.up();
    ffmpegJob = !stack.ffmpegJobs().isEmpty();
    log("stack up with %d services (%.1f s); home %s", services.size(), secondsSince(t), home);

    // cdc-controlplane creates the control plane's tables when it starts; "ready" for a service without a health
    // endpoint only means it stayed alive for five seconds, so wait for the tables before the simulator writes them.
    t = System.nanoTime();
    await("control plane tables created by cdc-controlplane").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500)).until(PipelineEndToEndTest::controlPlaneReady);
    log("control plane tables ready (%.1f s)", secondsSince(t));

    var simLog = new PrintStream(Files.newOutputStream(home.resolve("logs").resolve("simulator.log")), true);
    simulator = new FleetSimulator("http://127.0.0.1:" + config.collectorPort(), ServiceCatalog.DEV_COLLECTOR_TOKEN,
        FLEET, Duration.ofSeconds(1), ScenarioSchedule.parse(SCHEDULE), simLog)
        .withControlPlane(new ControlPlane(config.databaseUrl(LocalDatabase.CONTROL_PLANE_DB), "postgres", ""));
    if (ffmpegJob) {
      simulator.withFfmpegJob(stack.ffmpegJobs().get(0).playlist());
    }
    simStartNanos = System.nanoTime();
    simStartWall = Instant.now();
    simulatorThread = new Thread(() -> {
      try {
        simulator.run(Duration.ZERO);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "e2e-fleet-simulator");
    simulatorThread.setDaemon(true);
    simulatorThread.start();
    log("simulator started: %d nodes x %d rooms x %d participants, %s, schedule %s", FLEET.nodes(),
        FLEET.roomsPerNode(), FLEET.participantsPerRoom(), ffmpegJob ? "1 FFmpeg job" : "no FFmpeg", SCHEDULE);

    stateWatcher = new Thread(PipelineEndToEndTest::watchLifecycle, "e2e-lifecycle-watcher");
    stateWatcher.setDaemon(true);
    stateWatcher.start();
  }

  @AfterAll
  static void downTheWholeStack() throws Exception {
    long t = System.nanoTime();
    if (stateWatcher != null) {
      stateWatcher.interrupt();
    }
    if (simulator != null) {
      simulator.stop();
      simulatorThread.join(10_000);
      log("simulator counts: %s", simulator.counts());
    }
    if (stack != null) {
      stack.close();
    }
    if (broker != null) {
      broker.close();
    }
    log("stack stopped (%.1f s); whole class %.1f s", secondsSince(t), secondsSince(CLASS_START));
    if (failed || home == null) {
      System.out.println("[e2e] stack directory kept for its logs: " + home);
    } else {
      deleteTree(home);
    }
  }

  @Test
  @Order(1)
  void theFiringAlertReachesTheReceiverAsSlackAndWebhook() throws Exception {
    JsonNode webhook = await("firing " + ALERT + " webhook for " + AFFECTED).atMost(Duration.ofSeconds(
            STREAM_ERROR_AT_S + 20)).pollInterval(Duration.ofSeconds(1))
        .until(() -> webhooks("firing").findFirst(), Optional::isPresent).orElseThrow();
    log("firing webhook arrived at +%.1f s of the simulation (lossy-network began at +%d s)", simSeconds(),
        LOSSY_AT_S);
    JsonNode alert = alertsOf(webhook).filter(a -> a.path("status").asText().equals("firing")).findFirst().orElseThrow();
    assertThat(alert.path("labels").path("alertname").asText()).isEqualTo(ALERT);
    assertThat(alert.path("annotations").path("summary").asText()).contains(AFFECTED);
    assertThat(alert.path("value").asDouble()).as("alert value").isPositive();
    assertThat(webhook.path("version").asText()).isEqualTo("4");
    // Only the impaired room alerts.
    assertThat(receiverRequests().stream().filter(r -> r.path("path").asText().startsWith("/webhook"))
        .map(r -> r.path("body").asText())).noneMatch(b -> b.contains(UNAFFECTED));

    JsonNode slack = await("firing Slack message for " + ALERT).atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> requestsTo("/slack").map(PipelineEndToEndTest::body)
            .filter(b -> slackHeader(b, "FIRING")).findFirst(),
            Optional::isPresent).orElseThrow();
    assertThat(slack.path("blocks").isArray()).isTrue();
    assertThat(slack.path("channel").asText()).isEqualTo("#media-ops");
    assertThat(slack.toString()).contains(ALERT);
    log("firing Slack message arrived at +%.1f s", simSeconds());
  }

  @Test
  @Order(2)
  void theApiServesTheStreamsQualityAndTheFiringAlert() throws Exception {
    // Raw samples of the impaired stream, with the loss the simulator injected.
    JsonNode quality = await("quality metrics of " + AFFECTED + " through the API").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> api("/streams/" + AFFECTED + "/quality-metrics?from=-10m&bucket=10s"),
            q -> q != null && maxOf(q.path("points"), "loss_pct_max") > 5);
    assertThat(quality.path("source").asText()).isEqualTo("quality_samples");
    assertThat(quality.path("bucket_seconds").asLong()).isEqualTo(10);
    assertThat(maxOf(quality.path("points"), "samples")).isPositive();
    assertThat(maxOf(quality.path("points"), "jitter_ms_max")).isGreaterThan(4);
    log("API: %d quality points for %s, max loss %.1f %%", quality.path("points").size(), AFFECTED,
        maxOf(quality.path("points"), "loss_pct_max"));

    JsonNode healthy = api("/streams/" + UNAFFECTED + "/quality-metrics?from=-10m&bucket=10s");
    assertThat(healthy).isNotNull();
    assertThat(healthy.path("points").size()).as("the healthy room reports too").isPositive();
    assertThat(maxOf(healthy.path("points"), "loss_pct_max")).as("healthy room's loss").isLessThan(5);

    JsonNode highLoss = api("/streams/" + AFFECTED + "/quality-metrics/high-packet-loss?threshold=5&from=-10m");
    assertThat(highLoss.path("items").size()).as("high-packet-loss samples").isPositive();

    // The alert as the sink stored it from vigil.alerts.v1.
    JsonNode firing = await("firing " + ALERT + " through GET /alerts").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> api("/alerts?status=firing&limit=1000"), a -> a != null && items(a)
            .anyMatch(PipelineEndToEndTest::isAffectedPoorNetwork));
    JsonNode stored = items(firing).filter(PipelineEndToEndTest::isAffectedPoorNetwork).findFirst().orElseThrow();
    assertThat(stored.path("rule_id").asText()).startsWith("poor-network-");
    assertThat(stored.path("status").asText()).isEqualTo("firing");
    assertThat(stored.path("fingerprint").asText()).isNotBlank();
    assertThat(items(firing)).noneMatch(a -> a.toString().contains(UNAFFECTED) && a.toString().contains(ALERT));
    log("API: %d firing alerts, e.g. %s on %s", firing.path("items").size(), stored.path("rule_id").asText(),
        AFFECTED);

    // The stream itself: lifecycle from the control plane (CDC) and current quality from the samples.
    JsonNode stream = await("stream " + AFFECTED + " through GET /streams/{id}").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1)).until(() -> api("/streams/" + AFFECTED), s -> s != null
            && !s.path("loss_pct").isNull() && !s.path("loss_pct").isMissingNode());
    assertThat(stream.path("stream_id").asText()).isEqualTo(AFFECTED);
    assertThat(stream.path("room").asText()).isEqualTo(AFFECTED);
    assertThat(stream.path("participants").asInt()).isEqualTo(2);
    JsonNode list = api("/streams?status=all&limit=1000");
    assertThat(items(list).map(s -> s.path("stream_id").asText())).contains(AFFECTED, UNAFFECTED);

    // Unauthenticated reads are refused.
    assertThat(status("/alerts", null)).isEqualTo(401);
  }

  @Test
  @Order(3)
  void anOverloadedFfmpegJobFiresFfmpegSlowAndTheApiShowsItsSpeed() throws Exception {
    assertThat(ffmpegJob).as("the dev stack gave the collector an FFmpeg job").isTrue();
    // The overload runs from LOSSY_AT_S to STREAM_ERROR_AT_S; FfmpegSlow needs speed < 0.95 for 30 s.
    JsonNode webhook = await("firing " + FFMPEG_ALERT + " webhook").atMost(Duration.ofSeconds(
            Math.max(20, STREAM_ERROR_AT_S + 20 - (long) simSeconds()))).pollInterval(Duration.ofSeconds(1))
        .until(() -> requestsTo("/webhook").map(PipelineEndToEndTest::body)
            .filter(b -> b.path("status").asText().equals("firing"))
            .flatMap(PipelineEndToEndTest::alertsOf)
            .filter(a -> a.path("labels").path("alertname").asText().equals(FFMPEG_ALERT)).findFirst(),
            Optional::isPresent).orElseThrow();
    log("firing %s webhook arrived at +%.1f s (ffmpeg-overload began at +%d s): %s", FFMPEG_ALERT, simSeconds(),
        LOSSY_AT_S, webhook.path("annotations").path("summary").asText());
    assertThat(webhook.path("labels").path("component").asText()).isEqualTo("ffmpeg");
    assertThat(webhook.path("labels").path("stream_id").asText()).isEqualTo(FFMPEG_STREAM);
    assertThat(webhook.path("value").asDouble()).as("speed in the alert").isLessThan(0.95).isPositive();

    // The health API shows the job's speed below real time (the watcher polls it while the overload runs).
    await("speed < 1 of " + FFMPEG_STREAM + " through GET /v2/health/ingestion").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> observedSpeeds.stream().anyMatch(v -> v < 0.95));
    JsonNode ingestion = api("/v2/health/ingestion?lookback_s=600");
    assertThat(ingestion).isNotNull();
    assertThat(items(ingestion, "instances").map(i -> i.path("stream_id").asText())).contains(FFMPEG_STREAM);
    log("API: speeds of %s seen %s", FFMPEG_STREAM, observedSpeeds);
  }

  @Test
  @Order(4)
  void aStreamErrorInTheControlPlaneReachesTheApiThroughCdc() throws Exception {
    await("stream " + AFFECTED + " in state error via CDC").atMost(Duration.ofSeconds(
            Math.max(30, STREAM_ERROR_AT_S + 40 - (long) simSeconds()))).pollInterval(Duration.ofSeconds(1))
        .until(() -> observedStates.contains("error"));
    log("API showed %s in error at +%.1f s (stream-error began at +%d s)", AFFECTED, simSeconds(), STREAM_ERROR_AT_S);
    await("stream " + AFFECTED + " live again via CDC").atMost(Duration.ofSeconds(
            Math.max(30, HEALTHY_AGAIN_AT_S + 40 - (long) simSeconds()))).pollInterval(Duration.ofSeconds(1))
        .until(() -> observedStates.lastIndexOf("live") > observedStates.indexOf("error"));
    log("API showed %s live again at +%.1f s; states seen %s", AFFECTED, simSeconds(), observedStates);
    assertThat(observedStates.get(0)).as("first state seen").isEqualTo("live");
    JsonNode other = api("/streams/" + UNAFFECTED);
    assertThat(other.path("state").asText()).isEqualTo("live");
  }

  @Test
  @Order(5)
  void afterRecoveryTheAlertResolves() throws Exception {
    JsonNode resolved = await("resolved " + ALERT + " webhook for " + AFFECTED).atMost(Duration.ofSeconds(
            Math.max(45, STREAM_ERROR_AT_S + 120 - (long) simSeconds()))).pollInterval(Duration.ofSeconds(1))
        .until(() -> webhooks("resolved").findFirst(), Optional::isPresent).orElseThrow();
    log("resolved webhook arrived at +%.1f s (network healthy again from +%d s)", simSeconds(), STREAM_ERROR_AT_S);
    assertThat(alertsOf(resolved)).allMatch(a -> a.path("status").asText().equals("resolved"));
    assertThat(alertsOf(resolved)).allMatch(a -> !a.path("endsAt").asText().startsWith("0001"));

    await("resolved Slack message").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
        .until(() -> requestsTo("/slack").map(PipelineEndToEndTest::body)
            .anyMatch(b -> slackHeader(b, "RESOLVED")));

    JsonNode stillFiring = await("no firing " + ALERT + " left in GET /alerts").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1)).until(() -> api("/alerts?status=firing&limit=1000"),
            a -> a != null && items(a).noneMatch(PipelineEndToEndTest::isAffectedPoorNetwork));
    assertThat(stillFiring.path("status").asText()).isEqualTo("firing");
    JsonNode resolvedAlerts = api("/alerts?status=resolved&limit=1000");
    assertThat(items(resolvedAlerts)).anyMatch(PipelineEndToEndTest::isAffectedPoorNetwork);
    log("API: %s alerts on %s resolved at +%.1f s", ALERT, AFFECTED, simSeconds());

    // The 30 s stream error never outlasted StreamErrorState's `for: 5m`: it was only ever pending, so no receiver
    // may hear of it, neither firing nor resolved.
    assertThat(receiverRequests()).as("notifications about an alert that never fired")
        .noneMatch(r -> r.toString().contains("StreamErrorState"));
  }

  @Test
  @Order(6)
  void aKilledFfmpegJobFiresFfmpegExitedNonZeroAndTheCollectorRestartsIt() throws Exception {
    assertThat(ffmpegJob).as("the dev stack gave the collector an FFmpeg job").isTrue();
    JsonNode exited = await("firing FfmpegExitedNonZero webhook").atMost(Duration.ofSeconds(
            Math.max(30, STREAM_ERROR_AT_S + 40 - (long) simSeconds()))).pollInterval(Duration.ofSeconds(1))
        .until(() -> requestsTo("/webhook").map(PipelineEndToEndTest::body)
            .filter(b -> b.path("status").asText().equals("firing"))
            .flatMap(PipelineEndToEndTest::alertsOf)
            .filter(a -> a.path("labels").path("alertname").asText().equals("FfmpegExitedNonZero")).findFirst(),
            Optional::isPresent).orElseThrow();
    log("firing FfmpegExitedNonZero webhook at +%.1f s (ffmpeg-crash at +%d s): %s", simSeconds(), STREAM_ERROR_AT_S,
        exited.path("annotations").path("summary").asText());
    assertThat(exited.path("labels").path("stream_id").asText()).isEqualTo(FFMPEG_STREAM);
    assertThat(exited.path("labels").path("severity").asText()).isEqualTo("critical");
    assertThat(requestsTo("/pagerduty")).as("critical: paged too").anyMatch(r -> r.toString().contains("FfmpegExitedNonZero"));

    JsonNode restarted = await("the restarted job through GET /v2/health/ingestion").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1)).until(() -> api("/v2/health/ingestion?lookback_s=600"), r -> r != null
            && items(r, "instances").anyMatch(i -> i.path("stream_id").asText().equals(FFMPEG_STREAM)
                && i.path("restarts").asInt() >= 1 && i.path("status").asText().equals("running")));
    List<JsonNode> instances = items(restarted, "instances")
        .filter(i -> i.path("stream_id").asText().equals(FFMPEG_STREAM)).toList();
    log("API: instances of %s: %s", FFMPEG_STREAM, instances.stream().map(i -> i.path("instance").asText() + " "
        + i.path("status").asText() + " exit " + i.path("exit_code").asText() + " restarts "
        + i.path("restarts").asText()).toList());
    assertThat(instances).as("the killed process, as last reported").anyMatch(i -> i.path("status").asText()
        .equals("failed") && i.path("exit_code").asInt() == 137);
  }

  @Test
  @Order(7)
  void aCongestedSfuAlertsForEveryRoomOnThatNodeAndForNoneOnTheOther() throws Exception {
    // Every participant on the first node now suffers 6.5 % loss: the room that stayed healthy so far alerts too.
    await("firing " + ALERT + " webhooks for every room of the congested node " + FIRST_NODE_ROOMS)
        .atMost(Duration.ofSeconds(Math.max(30, CONGESTED_AT_S + 60 - (long) simSeconds())))
        .pollInterval(Duration.ofSeconds(1))
        // A 10 s window reaching back before the congestion may already cross the threshold; the first room's earlier
        // alert (lossy-network) started long before that.
        .until(() -> FIRST_NODE_ROOMS.stream().allMatch(room -> firingSince(ALERT, room, CONGESTED_AT_S - 10)));
    log("congested-sfu: %s firing for %s at +%.1f s (began at +%d s)", ALERT, FIRST_NODE_ROOMS, simSeconds(),
        CONGESTED_AT_S);
    assertThat(alertsAbout(ALERT, "firing", UNAFFECTED)).allMatch(a -> a.path("value").asDouble() > 0);
    assertThat(SECOND_NODE_ROOMS).as("rooms on the healthy node with %s notifications", ALERT)
        .noneMatch(room -> alertsAbout(ALERT, "firing", room).findAny().isPresent());
  }

  @Test
  @Order(8)
  void aSilentNodeFiresQualityReportsMissingForItsStreamsWhichResolvesWhenReportsReturn() throws Exception {
    JsonNode missing = await("firing " + SILENT_ALERT + " for the first node's rooms").atMost(Duration.ofSeconds(
            Math.max(30, SILENT_AT_S + 70 - (long) simSeconds()))).pollInterval(Duration.ofSeconds(1))
        .until(() -> FIRST_NODE_ROOMS.stream().flatMap(room -> alertsAbout(SILENT_ALERT, "firing", room)).findFirst(),
            Optional::isPresent).orElseThrow();
    log("collector-silent: %s at +%.1f s (reports stopped at +%d s): %s", SILENT_ALERT, simSeconds(), SILENT_AT_S,
        missing.path("annotations").path("summary").asText());
    assertThat(missing.path("labels").path("stream_id").asText()).isIn(FIRST_NODE_ROOMS);
    assertThat(SECOND_NODE_ROOMS).as("rooms still reporting with %s notifications", SILENT_ALERT)
        .noneMatch(room -> alertsAbout(SILENT_ALERT, "firing", room).findAny().isPresent());

    await("resolved " + SILENT_ALERT + " once reports return").atMost(Duration.ofSeconds(
            Math.max(30, RECOVERED_AT_S + 40 - (long) simSeconds()))).pollInterval(Duration.ofSeconds(1))
        .until(() -> FIRST_NODE_ROOMS.stream().anyMatch(room -> alertsAbout(SILENT_ALERT, "resolved", room)
            .findAny().isPresent()));
    log("collector-silent over: %s resolved at +%.1f s (reports resumed at +%d s)", SILENT_ALERT, simSeconds(),
        RECOVERED_AT_S);
    JsonNode resolved = await("no firing " + SILENT_ALERT + " left in GET /alerts").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1)).until(() -> api("/alerts?status=firing&limit=1000"),
            a -> a != null && items(a).noneMatch(x -> x.path("rule_id").asText().startsWith("quality-reports-missing")));
    assertThat(resolved.path("items").isArray()).isTrue();
  }

  @Test
  @Order(9)
  void everyGrafanaDashboardQueryRunsOnWhatTheSinkWrote() throws Exception {
    Instant to = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
    Instant from = to.minus(1, ChronoUnit.HOURS);
    Map<String, String> variables = Map.of("tenant", "default", "stream", AFFECTED, "participant", "*");
    List<DashboardQueries.Query> all = DashboardQueries.all();
    List<DashboardQueries.Result> results;
    try (var c = DriverManager.getConnection(config.databaseUrl(LocalDatabase.VIGIL_DB), "postgres", "")) {
      results = DashboardQueries.run(c, all, from, to, 10, variables);
    }
    List<String> errors = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    for (DashboardQueries.Result r : results) {
      String name = r.query().name();
      if (r.failed()) {
        errors.add(name + ": " + r.error());
        continue;
      }
      log("dashboard query %-75s %5d rows", name, r.rows());
      if (r.empty()) {
        empty.add(name);
      }
    }
    log("%d dashboard queries; %d returned no rows: %s", all.size(), empty.size(), empty);
    assertThat(errors).as("dashboard queries that failed on sink-written data").isEmpty();
    List<String> mayBeEmpty = new ArrayList<>(DASHBOARD_QUERIES_WITHOUT_E2E_DATA);
    if (!ffmpegJob) {
      all.stream().filter(q -> q.dashboard().contains("FFmpeg") && q.where().startsWith("panel"))
          .forEach(q -> mayBeEmpty.add(q.name()));
    }
    assertThat(empty).as("dashboard queries the scenarios feed (quality, alerts, lifecycle, pipeline, ffmpeg)")
        .isSubsetOf(mayBeEmpty);
  }

  /**
   * Dashboard queries this run leaves empty, and why (see also the log line listing the empty ones).
   */
  static final List<String> DASHBOARD_QUERIES_WITHOUT_E2E_DATA = List.of(
      // The state at the end of the run, whatever still fires then (PoorNetworkQuality resolved in test 5).
      "Alerts / panel 'Firing now'");

  // ---- the local receiver ----

  static List<JsonNode> receiverRequests() throws IOException, InterruptedException {
    var resp = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + config.receiverPort() + "/requests"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(resp.body()).forEach(out::add);
    return out;
  }

  static Stream<JsonNode> requestsTo(String prefix) throws IOException, InterruptedException {
    return receiverRequests().stream().filter(r -> r.path("path").asText().startsWith(prefix));
  }

  static JsonNode body(JsonNode request) {
    try {
      return JSON.readTree(request.path("body").asText());
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  /** Webhook notifications (Alertmanager v4 body) with this group status about PoorNetworkQuality on the stream. */
  static Stream<JsonNode> webhooks(String status) throws IOException, InterruptedException {
    return requestsTo("/webhook").map(PipelineEndToEndTest::body)
        .filter(b -> b.path("status").asText().equals(status))
        .filter(b -> alertsOf(b).anyMatch(a -> a.path("labels").path("alertname").asText().equals(ALERT)
            && a.toString().contains(AFFECTED)));
  }

  /** Alerts named {@code alertname} on {@code stream} with this status, from every webhook notification so far. */
  static Stream<JsonNode> alertsAbout(String alertname, String status, String stream) {
    try {
      return requestsTo("/webhook").map(PipelineEndToEndTest::body).flatMap(PipelineEndToEndTest::alertsOf)
          .filter(a -> a.path("status").asText().equals(status))
          .filter(a -> a.path("labels").path("alertname").asText().equals(alertname))
          .filter(a -> a.path("labels").path("stream_id").asText().equals(stream));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("the local receiver did not answer", e);
    }
  }

  /** Whether an alert on {@code stream} started firing after {@code simS} seconds into the simulation. */
  static boolean firingSince(String alertname, String stream, int simS) {
    Instant since = simStartWall.plusSeconds(simS);
    return alertsAbout(alertname, "firing", stream)
        .anyMatch(a -> Instant.parse(a.path("startsAt").asText()).isAfter(since));
  }

  /** A Slack message whose header is "FIRING"/"RESOLVED ... room=sim-room-0-0 alertname=PoorNetworkQuality". */
  static boolean slackHeader(JsonNode slack, String status) {
    String text = slack.path("text").asText();
    return text.contains(status) && text.contains("room=" + AFFECTED) && text.contains("alertname=" + ALERT);
  }

  static Stream<JsonNode> alertsOf(JsonNode webhook) {
    List<JsonNode> out = new ArrayList<>();
    webhook.path("alerts").forEach(out::add);
    return out.stream();
  }

  // ---- the query API ----

  /** GET with the viewer token; null unless 200. */
  static JsonNode api(String path) throws IOException, InterruptedException {
    var resp = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + config.apiPort() + path))
        .header("Authorization", "Bearer " + viewerToken).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != 200) {
      log("GET %s -> %d %s", path, resp.statusCode(), resp.body().length() > 300 ? resp.body().substring(0, 300) : resp.body());
      return null;
    }
    return JSON.readTree(resp.body());
  }

  static int status(String path, String token) {
    try {
      var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + config.apiPort() + path))
          .timeout(Duration.ofSeconds(10));
      if (token != null) {
        req.header("Authorization", "Bearer " + token);
      }
      return HTTP.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<JsonNode> items(JsonNode page) {
    return items(page, "items");
  }

  static Stream<JsonNode> items(JsonNode page, String field) {
    List<JsonNode> out = new ArrayList<>();
    page.path(field).forEach(out::add);
    return out.stream();
  }

  static boolean isAffectedPoorNetwork(JsonNode alert) {
    return alert.path("rule_id").asText().startsWith("poor-network-") && alert.toString().contains(AFFECTED);
  }

  static double maxOf(JsonNode points, String field) {
    double max = Double.NEGATIVE_INFINITY;
    for (JsonNode p : points) {
      if (p.hasNonNull(field)) {
        max = Math.max(max, p.get(field).asDouble());
      }
    }
    return max;
  }

  /**
   * Polls the API for the affected stream's lifecycle state, recording each change, and for the FFmpeg job's speed.
   */
  static void watchLifecycle() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        if (ffmpegJob) {
          JsonNode ingestion = api("/v2/health/ingestion?lookback_s=60");
          if (ingestion != null) {
            items(ingestion, "instances").filter(i -> i.path("stream_id").asText().equals(FFMPEG_STREAM))
                .filter(i -> i.hasNonNull("speed")).map(i -> i.get("speed").asDouble())
                .filter(v -> observedSpeeds.isEmpty() || !observedSpeeds.get(observedSpeeds.size() - 1).equals(v))
                .forEach(observedSpeeds::add);
          }
        }
        JsonNode s = api("/streams/" + AFFECTED);
        if (s != null) {
          String state = s.path("state").asText();
          if (observedStates.isEmpty() || !observedStates.get(observedStates.size() - 1).equals(state)) {
            observedStates.add(state);
            log("lifecycle of %s: %s", AFFECTED, state);
          }
        }
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        // the API may be briefly busy; try again
      }
    }
  }

  // ---- helpers ----

  static boolean controlPlaneReady() {
    try (var c = DriverManager.getConnection(config.databaseUrl(LocalDatabase.CONTROL_PLANE_DB), "postgres", "");
         var rs = c.createStatement().executeQuery(
             "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('streams', 'stream_sessions')")) {
      return rs.next() && rs.getInt(1) == 2;
    } catch (Exception e) {
      return false;
    }
  }

  static double simSeconds() {
    return simStartNanos == 0 ? 0 : secondsSince(simStartNanos);
  }

  static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  static void log(String format, Object... args) {
    System.out.printf("[e2e %6.1f s] %s%n", secondsSince(CLASS_START), String.format(format, args));
    System.out.flush();
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
