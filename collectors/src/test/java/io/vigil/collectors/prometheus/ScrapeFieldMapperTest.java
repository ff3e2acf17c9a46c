package io.vigil.collectors.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.schemas.avro.Component;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthStatus;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Mapping families into HealthSample/QualitySample fields, against the real node_exporter scrape in test resources. */
class ScrapeFieldMapperTest {
  /** process_start_time_seconds of the fixture. */
  static final double STARTED = 1.79531645329e9;
  static final Instant T0 = Instant.ofEpochMilli((long) (STARTED * 1000) + 3_600_000);

  static List<FieldMapping> fields(String yaml) {
    Map<String, Object> m = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    return FieldMapping.parse(m.get("fields"));
  }

  static List<SpecificRecord> map(ScrapeFieldMapper mapper, String text, Instant ts) {
    return mapper.map(ExpositionParser.parse(text), "n", "default", new AtomicLong()::incrementAndGet, ts);
  }

  static List<HealthSample> health(List<SpecificRecord> records) {
    return records.stream().filter(HealthSample.class::isInstance).map(HealthSample.class::cast).toList();
  }

  @Test
  void shippedLivekitMappingGivesSfuHealthFromTheGoProcessCollectorsOfTheRealScrape() throws Exception {
    String text = ExpositionParserTest.fixture();
    @SuppressWarnings("unchecked")
    List<FieldMapping> livekit = FieldMapping.parse(ScrapeSources.loadMapping("livekit").get("fields"));
    ScrapeFieldMapper mapper = new ScrapeFieldMapper(livekit, "livekit");
    HealthSample first = health(map(mapper, text, T0)).get(0);
    assertThat(health(map(new ScrapeFieldMapper(livekit, "livekit"), text, T0))).hasSize(1);
    assertThat(first.getComponent()).isEqualTo(Component.sfu);
    assertThat(first.getInstance()).isEqualTo("livekit"); // no node_id label in this scrape: the source name
    assertThat(first.getStatus()).isEqualTo(HealthStatus.running);
    assertThat(first.getRssMb()).isEqualTo(15323136 / 1048576.0); // process_resident_memory_bytes
    assertThat(first.getThreads()).isEqualTo(6); // go_threads
    assertThat(first.getUptimeS()).isCloseTo(3600.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(first.getCpuPct()).isNull(); // a rate needs two scrapes; never a made-up 0
    assertThat(first.getProducers()).isNull(); // no livekit_ families in a node_exporter scrape
    assertThat(first.getLabels()).containsEntry("source", "livekit");

    // ten seconds later the process has used 1.5 s of CPU: 15 % of one core
    String later = text.replace("\nprocess_cpu_seconds_total 0\n", "\nprocess_cpu_seconds_total 1.5\n");
    assertThat(later).isNotEqualTo(text);
    HealthSample second = health(map(mapper, later, T0.plusSeconds(10))).get(0);
    assertThat(second.getCpuPct()).isCloseTo(15.0, org.assertj.core.data.Offset.offset(1e-9));
    // a counter reset (process restarted) gives no value rather than a negative one
    HealthSample reset = health(map(mapper, text, T0.plusSeconds(20))).get(0);
    assertThat(reset.getCpuPct()).isNull();
  }

  @Test
  void instanceLabelMatchExtraAndAggregationOnTheRealScrape() throws Exception {
    String text = ExpositionParserTest.fixture();
    ScrapeFieldMapper mapper = new ScrapeFieldMapper(fields("""
        fields:
          - family: node_load1
            to: health
            component: host
            field: extra.load1
          - family: node_filesystem_avail_bytes
            component: host
            field: disk_free_mb
            divide: 1048576
            match: {mountpoint: /}
          - family: node_cpu_seconds_total
            component: host
            field: extra.idle_s
            match: {mode: idle}
          - family: node_network_receive_bytes_total
            component: app
            field: extra.rx_bytes
            instance_label: device
          - family: node_network_mtu_bytes
            component: app
            field: extra.mtu_max
            aggregate: max
        """), "node");
    List<HealthSample> h = health(map(mapper, text, T0));
    HealthSample host = h.stream().filter(x -> x.getComponent() == Component.host).findFirst().orElseThrow();
    assertThat(host.getInstance()).isEqualTo("node");
    assertThat(host.getExtra()).containsEntry("load1", 0.69);
    double idle = ExpositionParser.parse(text).samples().stream().filter(s -> s.name().equals("node_cpu_seconds_total")
        && "idle".equals(s.labels().get("mode"))).mapToDouble(ExpositionParser.Sample::value).sum();
    assertThat(host.getExtra().get("idle_s")).isCloseTo(idle, org.assertj.core.data.Offset.offset(1e-6)).isPositive();
    assertThat(host.getDiskFreeMb()).isEqualTo(8.4962455552e10 / 1048576);
    List<HealthSample> perDevice = h.stream().filter(x -> x.getComponent() == Component.app
        && x.getExtra().containsKey("rx_bytes")).toList();
    assertThat(perDevice).extracting(HealthSample::getInstance).contains("eth0", "ifb0", "ifb1");
    assertThat(perDevice.stream().filter(x -> x.getInstance().equals("eth0")).findFirst().orElseThrow().getExtra())
        .containsEntry("rx_bytes", 8.90046698e8);
    // the series without a device label (none here) would go to the source-named instance, with mtu_max
    HealthSample unlabelled = h.stream().filter(x -> x.getComponent() == Component.app && x.getInstance().equals("node"))
        .findFirst().orElseThrow();
    double maxMtu = ExpositionParser.parse(text).samples().stream().filter(s -> s.name().equals("node_network_mtu_bytes"))
        .mapToDouble(ExpositionParser.Sample::value).max().orElseThrow();
    assertThat(unlabelled.getExtra()).containsEntry("mtu_max", maxMtu);
  }

  @Test
  void familiesIntoQualitySampleFields() {
    String text = """
        # TYPE sfu_stream_jitter_ms gauge
        sfu_stream_jitter_ms{stream="room1-alice",kind="audio",track="a1"} 12.5
        sfu_stream_jitter_ms{stream="room1-alice",kind="video",track="v1"} 20
        sfu_stream_jitter_ms{stream="",kind="audio"} 99
        sfu_stream_jitter_ms{stream="room2-bob",kind="data"} 99
        # TYPE sfu_stream_packets_lost counter
        sfu_stream_packets_lost_total{stream="room1-alice",kind="audio",track="a1"} 40
        # TYPE sfu_stream_bytes counter
        sfu_stream_bytes_total{stream="room1-alice",kind="audio",track="a1"} 100000
        """;
    ScrapeFieldMapper mapper = new ScrapeFieldMapper(fields("""
        fields:
          - {family: sfu_stream_jitter_ms, to: quality, field: jitter_ms, stream_label: stream, kind_label: kind,
             direction: inbound, track_label: track}
          - {family: sfu_stream_packets_lost, to: quality, field: packets_lost, stream_label: stream,
             kind_label: kind, direction: inbound, track_label: track}
          - {family: sfu_stream_bytes, to: quality, field: bitrate_kbps, rate: true, multiply: 8, divide: 1000,
             stream_label: stream, kind_label: kind, direction: inbound, track_label: track}
        """), "my-sfu");
    List<SpecificRecord> first = map(mapper, text, T0);
    List<QualitySample> q = first.stream().map(QualitySample.class::cast).toList();
    assertThat(q).hasSize(2); // empty stream label and an unknown kind are skipped
    QualitySample audio = q.stream().filter(x -> x.getKind() == MediaKind.audio).findFirst().orElseThrow();
    assertThat(audio.getStreamId()).isEqualTo("room1-alice");
    assertThat(audio.getTrackId()).isEqualTo("a1");
    assertThat(audio.getDirection()).isEqualTo(Direction.inbound);
    assertThat(audio.getSource()).isEqualTo("my-sfu");
    assertThat(audio.getJitterMs()).isEqualTo(12.5);
    assertThat(audio.getPacketsLost()).isEqualTo(40L); // a long field, converted
    assertThat(audio.getBitrateKbps()).isNull();
    List<SpecificRecord> second = map(mapper, text.replace("} 100000", "} 162500"), T0.plusSeconds(10));
    QualitySample a2 = second.stream().map(QualitySample.class::cast).filter(x -> x.getKind() == MediaKind.audio)
        .findFirst().orElseThrow();
    assertThat(a2.getBitrateKbps()).isEqualTo(50.0); // 62500 bytes in 10 s
  }

  @Test
  void badMappingsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> fields("fields: [{family: x, field: no_such_field}]"))
        .hasMessageContaining("fields[0]").hasMessageContaining("no mappable field no_such_field");
    assertThatThrownBy(() -> fields("fields: [{family: x, field: instance}]")).hasMessageContaining("instance");
    assertThatThrownBy(() -> fields("fields: [{family: x, field: collector_seq}]")).hasMessageContaining("collector_seq");
    assertThatThrownBy(() -> fields("fields: [{family: x, to: quality, field: jitter_ms, kind: audio, direction: inbound}]"))
        .hasMessageContaining("stream_label");
    assertThatThrownBy(() -> fields("fields: [{family: x, field: cpu_pct, component: gpu}]"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> fields("fields: [{family: x, field: cpu_pct, devide: 2}]")).hasMessageContaining("devide");
    assertThatThrownBy(() -> fields("fields: [{family: x, to: quality, field: extra.y, stream_label: s, kind: audio, "
        + "direction: inbound}]")).hasMessageContaining("extra");
  }

  @Test
  void shippedMappingsParse() {
    assertThat(FieldMapping.parse(ScrapeSources.loadMapping("livekit").get("fields")))
        .extracting(FieldMapping::field).contains("cpu_pct", "rss_mb", "producers", "consumers");
    assertThat(FieldMapping.parse(ScrapeSources.loadMapping("jvb").get("fields")))
        .extracting(FieldMapping::field).contains("extra.stress", "consumers", "threads");
    // jitsi_jvb_endpoints is a counter of endpoints ever created (exposed as _total), not the current count
    assertThat(FieldMapping.parse(ScrapeSources.loadMapping("jvb").get("fields")))
        .extracting(FieldMapping::family).contains("jitsi_jvb_local_endpoints").doesNotContain("jitsi_jvb_endpoints");
  }
}
