package io.vigil.collectors.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's settings, from the YAML file ({@code --config} / VIGIL_COLLECTOR_CONFIG) with environment variables
 * taking precedence. Built by the pure {@link #from(Map, Map)}.
 */
public record AgentConfig(String nodeId, String tenant, String kafkaBootstrap, String schemaRegistryUrl, Path spoolDir,
    long spoolMaxBytes, long spoolSegmentBytes, boolean spoolFsync, Set<String> apiTokens, Duration heartbeatInterval,
    Duration trackIdleTimeout, Duration maxClockSkew, List<FfmpegProcess> ffmpeg, List<ScrapeTarget> prometheus) {

  /**
   * One Prometheus/OpenMetrics endpoint: {@code mapping} names a shipped mapping (livekit, jvb) or a YAML file with
   * {@code source} and {@code families}; {@code families} in the entry itself also works.
   */
  public record ScrapeTarget(String url, Duration interval, String mapping, String source, List<String> families) {}

  /**
   * One FFmpeg process to watch. {@code mode}: supervised (the agent starts {@code command}), pidfile (attach to the
   * pid in {@code pidFile}) or cmdline (attach to the process whose command line matches {@code cmdlineRegex}).
   * {@code progress}: pipe (supervised only), tcp (the agent listens on 127.0.0.1:{@code progressPort}; 0 = any free
   * port, supervised only) or none. Defaults: supervised when a command is given, else pidfile/cmdline by which key is
   * set; progress pipe for supervised, tcp when a progress_port is given, else none.
   */
  public record FfmpegProcess(String name, String streamId, Path pidFile, List<String> command, Duration stallAfter,
      String mode, String cmdlineRegex, String progress, Integer progressPort) {
    public FfmpegProcess(String name, String streamId, Path pidFile, List<String> command, Duration stallAfter) {
      this(name, streamId, pidFile, command, stallAfter, command.isEmpty() ? "pidfile" : "supervised", null,
          command.isEmpty() ? "none" : "pipe", null);
    }
  }

  public static AgentConfig from(Map<String, Object> yaml, Map<String, String> env) {
    Map<String, Object> y = yaml == null ? Map.of() : yaml;
    String nodeId = pick(env, "VIGIL_NODE_ID", y, "node_id", hostname());
    String tokens = pick(env, "VIGIL_API_TOKENS", y, "api_tokens", "");
    List<FfmpegProcess> ffmpeg = new ArrayList<>();
    if (y.get("ffmpeg") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m) {
          Object cmd = m.get("command");
          List<String> command = cmd instanceof List<?> c ? c.stream().map(String::valueOf).toList() : List.of();
          String regex = m.get("cmdline_regex") == null ? null : String.valueOf(m.get("cmdline_regex"));
          Integer port = m.get("progress_port") instanceof Number n ? Integer.valueOf(n.intValue()) : null;
          String mode = m.get("mode") != null ? String.valueOf(m.get("mode"))
              : !command.isEmpty() ? "supervised" : regex != null ? "cmdline" : "pidfile";
          String progress = m.get("progress") != null ? String.valueOf(m.get("progress"))
              : mode.equals("supervised") ? "pipe" : port != null ? "tcp" : "none";
          ffmpeg.add(new FfmpegProcess(String.valueOf(m.get("name")), m.get("stream_id") == null ? null
              : String.valueOf(m.get("stream_id")), m.get("pid_file") == null ? null : Path.of(String.valueOf(m.get("pid_file"))),
              command, Duration.ofSeconds(m.get("stall_after_s") instanceof Number n ? n.longValue() : 10), mode, regex,
              progress, port));
        }
      }
    }
    List<ScrapeTarget> scrapes = new ArrayList<>();
    if (y.get("prometheus") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m && m.get("url") != null) {
          Object fam = m.get("families");
          scrapes.add(new ScrapeTarget(String.valueOf(m.get("url")),
              Duration.ofSeconds(m.get("interval_s") instanceof Number n ? n.longValue() : 15),
              m.get("mapping") == null ? null : String.valueOf(m.get("mapping")),
              m.get("source") == null ? null : String.valueOf(m.get("source")),
              fam instanceof List<?> f ? f.stream().map(String::valueOf).toList() : List.of()));
        }
      }
    }
    return new AgentConfig(nodeId,
        pick(env, "VIGIL_TENANT", y, "tenant", "default"),
        pick(env, "VIGIL_KAFKA_BOOTSTRAP", y, "kafka_bootstrap", "localhost:9092"),
        pick(env, "VIGIL_SCHEMA_REGISTRY_URL", y, "schema_registry_url", "http://localhost:8081"),
        Path.of(pick(env, "VIGIL_SPOOL_DIR", y, "spool_dir", System.getProperty("java.io.tmpdir") + "/vigil-spool")),
        Long.parseLong(pick(env, "VIGIL_SPOOL_MAX_MB", y, "spool_max_mb", "512")) << 20,
        Long.parseLong(pick(env, "VIGIL_SPOOL_SEGMENT_MB", y, "spool_segment_mb", "16")) << 20,
        flag("VIGIL_SPOOL_FSYNC / spool_fsync", pick(env, "VIGIL_SPOOL_FSYNC", y, "spool_fsync", "false")),
        tokens.isBlank() ? Set.of() : Set.of(tokens.trim().split("\\s*,\\s*")),
        Duration.ofSeconds(Long.parseLong(pick(env, "VIGIL_HEARTBEAT_S", y, "heartbeat_s", "5"))),
        Duration.ofSeconds(Long.parseLong(pick(env, "VIGIL_TRACK_IDLE_S", y, "track_idle_s", "120"))),
        Duration.ofSeconds(Long.parseLong(pick(env, "VIGIL_MAX_CLOCK_SKEW_S", y, "max_clock_skew_s", "300"))),
        List.copyOf(ffmpeg), List.copyOf(scrapes));
  }

  private static String pick(Map<String, String> env, String envName, Map<String, Object> yaml, String key, String def) {
    String e = env.get(envName);
    if (e != null && !e.isBlank()) {
      return e;
    }
    Object v = yaml.get(key);
    return v == null ? def : String.valueOf(v);
  }

  private static boolean flag(String name, String value) {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
  }

  private static String hostname() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown-node";
    }
  }
}
