package io.vigil.streams.rulefiles;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.CompareOp;
import io.vigil.schemas.avro.MatchOp;
import io.vigil.schemas.avro.RuleSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleFileParserTest {
  @Test
  void defaultPackCoversTheArchitectureRules() {
    List<AlertRule> rules = RuleFileParser.defaultPack();
    assertThat(rules).extracting(AlertRule::getName).contains("PoorNetworkQuality", "LowMos", "FfmpegHighCpu",
        "FfmpegSlow", "FfmpegStalled", "FfmpegExitedNonZero", "StreamErrorState", "NoActiveConsumers",
        "ConsumerHeartbeatMissing", "HostHighCpu", "HostHighMemory", "BufferDepthLow", "BufferDepthHigh",
        "DroppedChunksHigh", "SynthesisLatencyHigh", "RealTimeFactorLow", "RecordingDiskLow");
    AlertRule cpu = rules.stream().filter(r -> r.getRuleId().equals("ffmpeg-high-cpu")).findFirst().orElseThrow();
    assertThat(cpu.getForS()).isEqualTo(600);
    assertThat(cpu.getSource()).isEqualTo(RuleSource.health);
    assertThat(cpu.getLabels()).containsEntry("team", "media-infra");
    assertThat(cpu.getMatchers()).singleElement().satisfies(m -> {
      assertThat(m.getLabel()).isEqualTo("component");
      assertThat(m.getOp()).isEqualTo(MatchOp.eq);
      assertThat(m.getValue()).isEqualTo("ffmpeg");
    });
    assertThat(rules.stream().filter(r -> r.getRuleId().equals("consumer-heartbeat-missing")).findFirst()
        .orElseThrow().getAbsentForS()).isEqualTo(60L);
  }

  @Test
  void errorsNameTheLineAndColumn() {
    String yaml = """
        groups:
          - name: g
            rules:
              - alert: A
                source: quality
                metric: loss_pct
                op: greater
                threshold: 5
              - alert: B
                source: quality
                metric: los_pct
                op: gt
                threshold: five
                for: 10 minutes
                matchers: ['kind=~"(audio"', 'kind="x"', 'bad matcher']
                colour: red
        """;
    var f = RuleFileParser.parse("r.yml", yaml);
    assertThat(f.ok()).isFalse();
    assertThat(f.rules()).isEmpty();
    assertThat(f.errors()).containsExactlyInAnyOrder(
        "r.yml:7:13: op must be one of [gt, gte, lt, lte, eq, ne], got 'greater'",
        "r.yml:16:9: unknown field 'colour' in rule (allowed: absent_for, aggregation, alert, annotations, enabled, "
            + "for, id, keep_firing_for, labels, matchers, metric, op, severity, source, tenant, threshold, version, window)",
        "r.yml:11:17: unknown metric 'los_pct' for source quality",
        "r.yml:13:20: threshold must be a number, got 'five'",
        "r.yml:14:14: for must be a duration like 30s, 10m or 1h, got '10 minutes'",
        "r.yml:15:20: invalid regex in matcher: Unclosed group",
        "r.yml:15:50: matcher must look like label=\"value\", label!=\"value\", label=~\"regex\" or label!~\"regex\", got 'bad matcher'");
  }

  @Test
  void yamlSyntaxErrorsAreLinePrecise() {
    var f = RuleFileParser.parse("r.yml", "groups:\n  - name: g\n    rules: [\n");
    assertThat(f.errors()).singleElement().asString().startsWith("r.yml:4:");
  }

  @Test
  void duplicateIdsAndMissingFieldsAreReported() {
    String yaml = """
        groups:
          - name: g
            rules:
              - alert: Same
                source: health
                metric: cpu_pct
                op: gt
                threshold: 1
              - alert: Same
                source: health
                metric: cpu_pct
                op: lt
                threshold: 1
              - alert: NoThreshold
                source: health
                metric: cpu_pct
                op: gt
        """;
    var f = RuleFileParser.parse("r.yml", yaml);
    assertThat(f.errors()).containsExactlyInAnyOrder(
        "r.yml:9:9: duplicate rule id 'same' (set a distinct 'id')",
        "r.yml:14:9: rule 'NoThreshold' needs 'threshold' (or 'absent_for')");
  }

  @Test
  void windowRulesAndAbsentRulesParse() {
    String yaml = """
        groups:
          - name: g
            rules:
              - alert: P95
                source: quality_window
                window: 1m
                metric: jitter_ms
                aggregation: p95
                op: gte
                threshold: 30
                keep_firing_for: 2m
              - alert: Silent
                source: health
                metric: up
                absent_for: 1m30s
        """;
    var f = RuleFileParser.parse("r.yml", yaml);
    assertThat(f.errors()).isEmpty();
    assertThat(f.rules().get(0).getOp()).isEqualTo(CompareOp.gte);
    assertThat(f.rules().get(0).getKeepFiringForS()).isEqualTo(120);
    assertThat(f.rules().get(1).getAbsentForS()).isEqualTo(90);
  }

  @Test
  void rateIsForCounterMetricsOnlyAndMetricWindowsAreOneMinute() {
    String yaml = """
        groups:
          - name: g
            rules:
              - alert: ChunkRate
                source: metrics
                metric: dropped_chunks_total
                aggregation: rate
                op: gt
                threshold: 0.5
              - alert: LossRate
                source: quality_window
                metric: packets_lost
                aggregation: rate
                op: gt
                threshold: 1
              - alert: CpuAvg
                source: health
                metric: cpu_pct
                aggregation: avg
                op: gt
                threshold: 1
              - alert: TenSeconds
                source: metrics
                metric: buffer_depth_ms
                aggregation: avg
                window: 10s
                op: lt
                threshold: 50
        """;
    var f = RuleFileParser.parse("r.yml", yaml);
    assertThat(f.errors()).containsExactlyInAnyOrder(
        "r.yml:13:22: aggregation 'rate' needs a counter: use it with source metrics on a counter metric (per-second"
            + " increase over the 1-minute window, resets handled); quality_window fields are per-interval values or"
            + " gauges (use avg, min, max, p95 or count)",
        "r.yml:19:22: aggregation 'avg' needs a window source (quality_window, health_window, or metrics for 1-minute"
            + " metric windows)",
        "r.yml:26:17: metric windows are 1m, got '10s'");

    var ok = RuleFileParser.parse("r.yml", yaml.substring(0, yaml.indexOf("      - alert: LossRate")));
    assertThat(ok.errors()).isEmpty();
    AlertRule rate = ok.rules().get(0);
    assertThat(rate.getAggregation()).isEqualTo(io.vigil.schemas.avro.Aggregation.rate);
    assertThat(io.vigil.streams.rules.RuleEvaluator.onWindows(rate)).as("rate reads closed metric windows").isTrue();
  }
}
