package io.vigil.devstack.stack;

import io.vigil.devstack.auth.DevTokens;
import io.vigil.devstack.broker.LocalBroker;
import io.vigil.devstack.cpu.HistoryShare;
import io.vigil.devstack.database.LocalDatabase;
import io.vigil.devstack.ports.Ports;
import io.vigil.devstack.receiver.LocalReceiver;
import io.vigil.devstack.registry.DevRegistry;
import io.vigil.devstack.services.ChildProcess;
import io.vigil.devstack.services.ServiceCatalog;
import io.vigil.devstack.services.ServiceSpec;
import io.vigil.devstack.simulator.ControlPlane;
import io.vigil.devstack.simulator.FfmpegJobs;
import io.vigil.devstack.simulator.FleetSimulator;
import io.vigil.devstack.simulator.Population;
import io.vigil.devstack.simulator.ScenarioSchedule;
import io.vigil.schemas.kafka.KafkaClientEnvironment;
import io.vigil.schemas.registry.server.RegistryHttpServer;
import io.vigil.schemas.topics.TopicAdmin;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;

/**
 * Starts the whole local pipeline in order — broker, database, registry, topics, then every built service — with
 * progress output, and stops it in reverse order.
 */
public final class DevStack implements AutoCloseable {
  private final DevStackConfig config;
  private final PrintStream out;
  private final List<ServiceSpec> services;
  private final List<ChildProcess> children = new ArrayList<>();
  private LocalBroker broker;
  private LocalDatabase database;
  private LocalDatabase controlPlaneDatabase;
  private RegistryHttpServer registry;
  private LocalReceiver receiver;
  private HistoryShare history;
  private FleetSimulator simulator;
  private String simulatorSchedule;
  private int ffmpegJobs;
  private List<FfmpegJobs.Job> runningJobs = List.of();
  private StackState state;

  public DevStack(DevStackConfig config, PrintStream out) throws IOException {
    this(config, out, ServiceCatalog.defaults(config, DevTokens.forHome(config.home()).secret()));
  }

  public DevStack(DevStackConfig config, PrintStream out, List<ServiceSpec> services) {
    this.config = config;
    this.out = out;
    this.services = services;
  }

  /**
   * Runs the fleet simulator against the collector once everything is up, with this scenario schedule
   * (e.g. {@code healthy@0,lossy-network@60}); null leaves it off.
   */
  public DevStack withSimulator(String schedule) {
    this.simulatorSchedule = schedule;
    return this;
  }

  /**
   * Has the collector supervise {@code m} FFmpeg jobs (light {@code -re} testsrc encodes to
   * {@code VIGIL_HOME/hls/job-N}), or as many {@link io.vigil.devstack.simulator.SimulatedFfmpeg} stand-ins when FFmpeg
   * is not installed; the simulator's FFmpeg scenarios act on the first.
   */
  public DevStack withFfmpegJobs(int m) {
    this.ffmpegJobs = Math.max(0, m);
    return this;
  }

  /** The FFmpeg jobs the collector was given at {@link #up()} (empty when none were asked for). */
  public List<FfmpegJobs.Job> ffmpegJobs() {
    return runningJobs;
  }

  public StackState state() {
    return state;
  }

  /** Brings everything up; on any failure, stops what already started and rethrows with the reason. */
  public StackState up() throws Exception {
    long pid = ProcessHandle.current().pid();
    state = StackState.empty(pid, Instant.now().toString());
    List<ServiceSpec> built = services.stream().filter(s -> s.isBuilt(config.root())).toList();
    checkPorts(built);
    boolean simulate = simulatorSchedule != null && built.stream().anyMatch(b -> b.name().equals("collector"));
    int steps = 5 + built.size() + (simulate ? 1 : 0);
    int step = 0;
    try {
      long t = System.nanoTime();
      if (config.startsOwnBroker()) {
        progress(++step, steps, "Kafka broker (KRaft) on " + config.bootstrapServers() + ", data in " + config.home().resolve("kafka"));
        broker = new LocalBroker(config.home().resolve("kafka"), config.kafkaPort(), config.controllerPort(),
            ChildProcess.moduleClasspath(config.root(), "devstack"));
        broker.start(Duration.ofSeconds(90));
        children.add(broker.process());
        state.components().add(new StackState.Component("kafka", broker.process().pid(), config.kafkaPort(), null,
            broker.process().log().toString()));
      } else {
        progress(++step, steps, "Kafka broker: using the one at " + config.bootstrapServers());
      }
      done(t);

      t = System.nanoTime();
      progress(++step, steps, "PostgreSQL 17 on port " + config.postgresPort() + ", data in " + config.home().resolve("postgres")
          + "; the simulated control plane's on port " + config.controlPlanePostgresPort());
      database = LocalDatabase.start(config.home().resolve("postgres"), config.postgresPort(), LocalDatabase.VIGIL_DB);
      history = HistoryShare.forMachine(config.historyCpuShares(), Long.toString(pid));
      yieldToAlertPath("PostgreSQL", database::serverPid);
      out.println("        " + history.describe());
      state.components().add(new StackState.Component("postgres", pid, config.postgresPort(), null, null));
      // A server of its own: logical decoding reads the whole server's WAL, so on a shared server the control
      // plane's CDC slot would read every sample the sink writes (about 0.02 cores per 10,000 samples/s).
      controlPlaneDatabase = LocalDatabase.start(config.home().resolve("postgres-controlplane"),
          config.controlPlanePostgresPort(), LocalDatabase.CONTROL_PLANE_DB);
      state.components().add(new StackState.Component("postgres-controlplane", pid, config.controlPlanePostgresPort(),
          null, null));
      long controlPlaneServerId = controlPlaneDatabase.systemIdentifier();
      done(t);

      t = System.nanoTime();
      progress(++step, steps, "schema registry on " + config.registryUrl());
      registry = DevRegistry.start(config.bootstrapServers(), config.registryPort());
      state.components().add(new StackState.Component("registry", pid, config.registryPort(), "/subjects", null));
      done(t);

      t = System.nanoTime();
      progress(++step, steps, "topics (" + config.partitions() + " partitions each)");
      Map<String, Object> adminProps = new java.util.HashMap<>(Map.of("bootstrap.servers", config.bootstrapServers()));
      try (Admin admin = Admin.create(KafkaClientEnvironment.putAll(adminProps, KafkaClientEnvironment.fromProcessEnvironment()))) {
        TopicAdmin.Report report = new TopicAdmin(admin, config.partitions(), (short) 1).ensureAll();
        out.printf("        created %d, verified %d%s%n", report.created().size(), report.verified().size(),
            report.ok() ? "" : ", MISMATCHED: " + report.mismatched());
      }
      done(t);

      t = System.nanoTime();
      progress(++step, steps, "local alert receiver (Slack/PagerDuty/webhook stand-in) on port " + config.receiverPort());
      receiver = new LocalReceiver(config.receiverPort(), config.home().resolve("logs").resolve("receiver.log"));
      state.components().add(new StackState.Component("receiver", pid, config.receiverPort(), "/requests",
          config.home().resolve("logs").resolve("receiver.log").toString()));
      done(t);

      writeAlertingConfigOnce();
      writeCollectorConfig();
      for (ServiceSpec s : built) {
        t = System.nanoTime();
        progress(++step, steps, s.name() + " (" + s.mainClass() + ", heap " + s.heap() + ")");
        ChildProcess p = startService(capturingServer(s, controlPlaneServerId));
        children.add(p);
        if (ServiceCatalog.HISTORY_PATH.contains(s.name())) {
          yieldToAlertPath(s.name(), p::pid);
        }
        state.components().add(new StackState.Component(s.name(), p.pid(), s.port(), s.healthPath(), p.log().toString()));
        awaitReady(s, p, Duration.ofSeconds(120));
        done(t);
      }
      services.stream().filter(s -> !s.isBuilt(config.root()))
          .forEach(s -> out.printf("        (not built, skipped: %s from %s)%n", s.name(), s.module()));
      if (simulate) {
        progress(++step, steps, "fleet simulator (2 SFU nodes x 3 rooms x 4 participants, schedule " + simulatorSchedule + ")");
        startSimulator();
        out.println("        running; its progress goes to " + config.home().resolve("logs").resolve("simulator.log"));
      }

      endpoints(built);
      state.write(config.stateFile());
      return state;
    } catch (Exception e) {
      out.println("        FAILED: " + e.getMessage());
      close();
      throw e;
    }
  }

  /** The dev alerting config is copied out once, so an operator's edits to it survive restarts. */
  private void writeAlertingConfigOnce() throws IOException {
    Path target = ServiceCatalog.alertingConfig(config);
    if (!Files.exists(target)) {
      try (var in = DevStack.class.getResourceAsStream("/devstack/alerting.yml")) {
        Files.copy(Objects.requireNonNull(in, "devstack/alerting.yml resource"), target);
      }
    }
  }

  /**
   * The collector's YAML, rewritten on every start: the FFmpeg jobs, or none. Everything else the collector needs comes
   * from the environment ServiceCatalog sets, which takes precedence over the YAML.
   */
  private void writeCollectorConfig() throws IOException {
    runningJobs = ffmpegJobs > 0 ? FfmpegJobs.plan(config.home(), ffmpegJobs) : List.of();
    Path program = runningJobs.isEmpty() ? Path.of("ffmpeg") : FfmpegJobs.program(FfmpegJobs.ffmpeg(), config.home());
    for (FfmpegJobs.Job j : runningJobs) {
      deleteTree(j.outputDir());
      Files.createDirectories(j.outputDir());
    }
    Files.writeString(ServiceCatalog.collectorConfig(config),
        FfmpegJobs.collectorYaml(runningJobs, program.toString(), 10));
    if (runningJobs.isEmpty()) {
      return;
    }
    if (FfmpegJobs.ffmpeg().isPresent()) {
      out.printf("        collector supervises %d FFmpeg job(s) (320x240 testsrc -> HLS under %s)%n", runningJobs.size(),
          config.home().resolve("hls"));
    } else {
      out.printf("        collector supervises %d simulated FFmpeg job(s): FFmpeg is not installed, so %s writes "
          + "FFmpeg's progress format without encoding (`apt-get install ffmpeg` for real encodes)%n",
          runningJobs.size(), program);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private void startSimulator() throws IOException, java.sql.SQLException {
    var log = new PrintStream(Files.newOutputStream(config.home().resolve("logs").resolve("simulator.log"),
        StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
    simulator = new FleetSimulator("http://127.0.0.1:" + config.collectorPort(), ServiceCatalog.DEV_COLLECTOR_TOKEN,
        new Population(2, 3, 4),
        Duration.ofSeconds(1), ScenarioSchedule.parse(simulatorSchedule), log)
        .withControlPlane(new ControlPlane(controlPlaneDatabase.jdbcUrl(LocalDatabase.CONTROL_PLANE_DB), "postgres", ""));
    if (!runningJobs.isEmpty()) {
      simulator.withFfmpegJob(runningJobs.get(0).playlist());
    }
    Thread t = new Thread(() -> {
      try {
        simulator.run(Duration.ZERO);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "fleet-simulator");
    t.setDaemon(true);
    t.start();
  }

  /** How a history-path process is found: the postmaster's pid comes from its pid file. */
  private interface Pid {
    long get() throws IOException;
  }

  /** A history-path process gets the smaller CPU share; where that fails the stack still runs, equally shared. */
  private void yieldToAlertPath(String what, Pid pid) {
    try {
      history.adopt(pid.get());
    } catch (IOException | RuntimeException e) {
      out.println("        (" + what + " keeps an equal CPU share: " + e.getMessage() + ")");
    }
  }

  private void checkPorts(List<ServiceSpec> built) {
    if (config.startsOwnBroker()) {
      Ports.requireFree(config.kafkaPort(), "Kafka", "VIGIL_KAFKA_PORT");
      Ports.requireFree(config.controllerPort(), "Kafka controller", "VIGIL_CONTROLLER_PORT");
    }
    Ports.requireFree(config.postgresPort(), "PostgreSQL", "VIGIL_PG_PORT");
    Ports.requireFree(config.controlPlanePostgresPort(), "control-plane PostgreSQL", "VIGIL_CONTROLPLANE_PG_PORT");
    Ports.requireFree(config.registryPort(), "schema registry", "VIGIL_REGISTRY_PORT");
    Ports.requireFree(config.receiverPort(), "local alert receiver", "VIGIL_RECEIVER_PORT");
    for (ServiceSpec s : built) {
      if (s.port() == 0) {
        continue;
      }
      // The sink's port is its metrics/health port, set by VIGIL_SINK_METRICS_PORT (see DevStackConfig);
      // cdc-controlplane's is VIGIL_CDC_CONTROLPLANE_PORT.
      String var = s.name().equals("sink") ? "VIGIL_SINK_METRICS_PORT"
          : "VIGIL_" + s.name().toUpperCase().replace('-', '_') + "_PORT";
      Ports.requireFree(s.port(), s.name(), var);
    }
  }

  private ChildProcess startService(ServiceSpec s) throws IOException {
    String cp = ChildProcess.moduleClasspath(config.root(), s.module());
    Path logs = config.home().resolve("logs");
    return ChildProcess.startJava(s.name(), jvmOptions(s, logs), cp, s.mainClass(), s.args(), s.env(),
        logs.resolve(s.name() + ".log"));
  }

  /**
   * A service JVM's options: its heap limit, the serial collector (on two cores, parallel or concurrent collector
   * threads compete with the other services: G1 for the stream processors cost 0.1 cores more at 20,000 samples/s and
   * raised the end-to-end p99), and its GC log.
   */
  static List<String> jvmOptions(ServiceSpec s, Path logs) {
    return List.of("-Xmx" + s.heap(), "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=192m", "-Dvigil.service=" + s.name(),
        ChildProcess.gcLog(logs, s.name()));
  }

  private void awaitReady(ServiceSpec s, ChildProcess p, Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!p.isAlive()) {
        throw new IllegalStateException(s.name() + " exited during start-up; last lines of " + p.log() + ":\n" + p.tail(30));
      }
      if (s.healthPath() == null) {
        if (Duration.between(Instant.now(), deadline).compareTo(timeout.minusSeconds(5)) < 0) {
          return; // no health endpoint: alive five seconds after start counts as ready
        }
      } else {
        try {
          var resp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + s.healthPath()))
              .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
          if (resp.statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException(s.name() + " was not ready within " + timeout.toSeconds() + " s; see " + p.log());
  }

  private void endpoints(List<ServiceSpec> built) {
    Map<String, String> e = state.endpoints();
    e.put("Kafka bootstrap", config.bootstrapServers());
    e.put("Schema registry", config.registryUrl());
    e.put("Database", config.databaseUrl(LocalDatabase.VIGIL_DB) + " (user postgres, no password)");
    e.put("Control plane", config.databaseUrl(LocalDatabase.CONTROL_PLANE_DB) + " (simulated; captured by CDC)");
    for (ServiceSpec s : built) {
      switch (s.name()) {
        case "api" -> {
          e.put("Query API", "http://127.0.0.1:" + s.port());
          e.put("Console", "http://127.0.0.1:" + s.port() + "/console");
          e.put("API token", "`./vigil token` (admin; --role viewer|operator, --tenant T)");
        }
        case "collector" -> e.put("Collector", "http://127.0.0.1:" + s.port());
        case "alerting" -> e.put("Alerting", "http://127.0.0.1:" + s.port());
        default -> { }
      }
    }
    e.put("Alert receiver", receiver.url() + "/requests");
    e.put("Logs", config.home().resolve("logs").toString());
    out.println();
    out.println("Vigil is up:");
    e.forEach((k, v) -> out.printf("  %-16s %s%n", k, v));
    out.println();
    out.println("Stop with Ctrl-C here, or `./vigil down` from another terminal. `./vigil status` shows health.");
  }

  private void progress(int step, int steps, String what) {
    out.printf("[%d/%d] %s ...%n", step, steps, what);
    out.flush();
  }

  private void done(long startNanos) {
    out.printf("        ready (%.1f s)%n", (System.nanoTime() - startNanos) / 1e9);
    out.flush();
  }

  /** Stops services, then the registry, the database and the broker, each given time to shut down cleanly. */
  @Override
  public void close() {
    if (simulator != null) {
      simulator.stop();
      simulator = null;
    }
    List<ChildProcess> reversed = new ArrayList<>(children);
    java.util.Collections.reverse(reversed);
    for (ChildProcess p : reversed) {
      if (broker != null && p == broker.process()) {
        continue; // the broker goes last, after the registry and database
      }
      out.println("stopping " + p.name() + " (pid " + p.pid() + ")");
      p.stop(Duration.ofSeconds(20));
    }
    children.clear();
    if (receiver != null) {
      receiver.close();
      receiver = null;
    }
    if (registry != null) {
      out.println("stopping schema registry");
      registry.close();
      registry = null;
    }
    stop(controlPlaneDatabase, "the control plane's PostgreSQL");
    controlPlaneDatabase = null;
    stop(database, "PostgreSQL");
    database = null;
    if (history != null) {
      history.close();
      history = null;
    }
    if (broker != null) {
      out.println("stopping Kafka broker");
      broker.stop();
      broker = null;
    }
    try {
      Files.deleteIfExists(config.stateFile());
    } catch (IOException e) {
      // a stale state file is detected by pid on the next `status`
    }
  }

  /**
   * The control plane's CDC capture keyed by the server it reads. Debezium keeps its position (an LSN) under the
   * capture's name; a new server (a fresh data directory, or a dev home from before the control plane had a server of
   * its own) starts below a stored position, which the capture would wait for or refuse. With the server's system
   * identifier in the name each server has its own position.
   */
  static ServiceSpec capturingServer(ServiceSpec s, long serverId) {
    if (!s.name().equals("cdc-controlplane")) {
      return s;
    }
    return s.withEnv(Map.of("VIGIL_CDC_NAME", s.env().getOrDefault("VIGIL_CDC_NAME", "vigil-" + s.name()) + "-"
        + Long.toUnsignedString(serverId)));
  }

  private void stop(LocalDatabase db, String what) {
    if (db == null) {
      return;
    }
    out.println("stopping " + what);
    try {
      db.close();
    } catch (IOException e) {
      out.println(what + " did not stop cleanly: " + e.getMessage());
    }
  }
}
