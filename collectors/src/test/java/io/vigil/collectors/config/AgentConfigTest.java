package io.vigil.collectors.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
  @Test
  void yamlValuesWithEnvironmentOverrides() {
    Map<String, Object> yaml = Map.of("node_id", "from-yaml", "kafka_bootstrap", "yaml:9092", "spool_max_mb", 64,
        "api_tokens", "a, b", "ffmpeg", List.of(Map.of("name", "ff1", "stream_id", "s1", "command", List.of("ffmpeg",
            "-i", "x"))), "prometheus", List.of(Map.of("url", "http://x/metrics", "mapping", "jvb", "interval_s", 5)));
    AgentConfig c = AgentConfig.from(yaml, Map.of("VIGIL_KAFKA_BOOTSTRAP", "env:9092", "VIGIL_SPOOL_DIR", "/tmp/s"));
    assertThat(c.nodeId()).isEqualTo("from-yaml");
    assertThat(c.kafkaBootstrap()).isEqualTo("env:9092");
    assertThat(c.spoolDir()).isEqualTo(Path.of("/tmp/s"));
    assertThat(c.spoolMaxBytes()).isEqualTo(64L << 20);
    assertThat(c.apiTokens()).containsExactlyInAnyOrder("a", "b");
    assertThat(c.ffmpeg()).singleElement().satisfies(f -> {
      assertThat(f.command()).containsExactly("ffmpeg", "-i", "x");
      assertThat(f.stallAfter()).isEqualTo(Duration.ofSeconds(10));
    });
    assertThat(c.prometheus()).singleElement().satisfies(p -> {
      assertThat(p.mapping()).isEqualTo("jvb");
      assertThat(p.interval()).isEqualTo(Duration.ofSeconds(5));
    });
  }

  @Test
  void spoolFsyncIsOffByDefaultAndRefusesWhatIsNotABoolean() {
    assertThat(AgentConfig.from(null, Map.of()).spoolFsync()).isFalse();
    assertThat(AgentConfig.from(Map.of("spool_fsync", true), Map.of()).spoolFsync()).isTrue();
    assertThat(AgentConfig.from(Map.of("spool_fsync", true), Map.of("VIGIL_SPOOL_FSYNC", "false")).spoolFsync())
        .isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AgentConfig.from(null, Map.of("VIGIL_SPOOL_FSYNC", "yes")))
        .hasMessageContaining("VIGIL_SPOOL_FSYNC / spool_fsync must be true or false, got 'yes'");
  }

  @Test
  void defaultsWithoutAnything() {
    AgentConfig c = AgentConfig.from(null, Map.of());
    assertThat(c.apiTokens()).isEmpty();
    assertThat(c.tenant()).isEqualTo("default");
    assertThat(c.kafkaBootstrap()).isEqualTo("localhost:9092");
    assertThat(c.ffmpeg()).isEmpty();
  }

  @Test
  void ffmpegModesAndProgressDefaults() {
    Map<String, Object> yaml = Map.of("ffmpeg", List.of(
        Map.of("name", "sup", "command", List.of("ffmpeg", "-i", "x")),
        Map.of("name", "sup-tcp", "command", List.of("ffmpeg", "-i", "x"), "progress", "tcp"),
        Map.of("name", "pid", "pid_file", "/run/ingest.pid", "progress_port", 9301),
        Map.of("name", "cmd", "cmdline_regex", "ffmpeg .*rtmp://in/live"),
        Map.of("name", "explicit", "mode", "pidfile", "pid_file", "/run/x.pid", "progress", "none")));
    List<AgentConfig.FfmpegProcess> f = AgentConfig.from(yaml, Map.of()).ffmpeg();
    assertThat(f).extracting(AgentConfig.FfmpegProcess::mode)
        .containsExactly("supervised", "supervised", "pidfile", "cmdline", "pidfile");
    assertThat(f).extracting(AgentConfig.FfmpegProcess::progress).containsExactly("pipe", "tcp", "tcp", "none", "none");
    assertThat(f.get(2).pidFile()).isEqualTo(Path.of("/run/ingest.pid"));
    assertThat(f.get(2).progressPort()).isEqualTo(9301);
    assertThat(f.get(3).cmdlineRegex()).isEqualTo("ffmpeg .*rtmp://in/live");
  }
}
