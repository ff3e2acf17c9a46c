package io.vigil.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import io.vigil.schemas.kafka.KafkaClientEnvironment;
import io.vigil.streams.StreamsApp;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.ByteBufferOutputStream;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsClientEnvironmentTest {
  @Test
  void streamsPropertiesCarryTheClientEnvironmentButKeepAppIdAndBootstrap() {
    StreamsSettings s = StreamsSettings.defaults();
    Map<String, String> env = KafkaClientEnvironment.overrides(Map.of(
        KafkaClientEnvironment.PREFIX + "SECURITY_PROTOCOL", "SASL_SSL",
        KafkaClientEnvironment.PREFIX + "SASL_MECHANISM", "SCRAM-SHA-256",
        KafkaClientEnvironment.PREFIX + "APPLICATION_ID", "hijack",
        KafkaClientEnvironment.PREFIX + "BOOTSTRAP_SERVERS", "hijack:1"));

    Properties p = StreamsApp.properties(s, env);

    assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-256")
        .containsEntry("application.id", s.appId()).containsEntry("bootstrap.servers", s.bootstrap());
    assertThat(StreamsApp.properties(s)).doesNotContainKey("security.protocol");
  }

  @Test
  void commitIntervalComesFromTheEnvironmentAndRefusesNonsense() {
    assertThat(StreamsApp.properties(StreamsSettings.defaults())).containsEntry("commit.interval.ms", 100L);
    StreamsSettings slower = StreamsSettings.fromEnv(Map.of("VIGIL_STREAMS_COMMIT_MS", "250"));
    assertThat(StreamsApp.properties(slower)).containsEntry("commit.interval.ms", 250L);
    for (String bad : new String[] {"0", "-5", "fast"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> StreamsSettings.fromEnv(Map.of("VIGIL_STREAMS_COMMIT_MS", bad)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VIGIL_STREAMS_COMMIT_MS");
    }
  }

  /**
   * Every commit closes a producer batch per partition written; the codec must not allocate fresh block buffers for
   * each (Kafka's lz4 takes two of 64 KB), or the stream thread's allocation forces the collections that promote the
   * live windows (see StreamsApp).
   */
  @Test
  void producerCompressionDoesNotAllocateBlockBuffersPerBatch() throws Exception {
    String type = (String) StreamsApp.properties(StreamsSettings.defaults())
        .get(StreamsConfig.producerPrefix("compression.type"));
    assertThat(type).isIn("lz4", "zstd"); // the contract: producers use lz4 or zstd
    var compression = Compression.of(CompressionType.forName(type)).build();
    var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    byte[] record = new byte[300];
    long before = 0;
    int batches = 200;
    for (int i = -50; i < batches; i++) { // the first 50 warm up (and fill any buffer pool)
      if (i == 0) {
        before = threads.getCurrentThreadAllocatedBytes();
      }
      var out = new ByteBufferOutputStream(4096);
      try (OutputStream w = compression.wrapForOutput(out, RecordBatch.MAGIC_VALUE_V2)) {
        for (int r = 0; r < 20; r++) {
          w.write(record);
        }
      }
    }
    long perBatch = (threads.getCurrentThreadAllocatedBytes() - before) / batches;
    assertThat(perBatch).as("bytes allocated per %s batch", type).isLessThan(48 * 1024);
  }
}
