package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.schemas.topics.Topic;
import io.vigil.sink.config.SinkConfig;
import io.vigil.sink.write.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sink commits without waiting for the WAL flush (synchronous_commit off), so a database crash may lose its
 * latest commits, offsets included. Simulated here by removing them: the sink notices its offsets went back, reads
 * those records again, and every event ends up stored once.
 */
class LostCommitIT {
  private static SinkTestBed bed;

  @BeforeAll
  static void start() throws Exception {
    bed = new SinkTestBed(3);
  }

  @AfterAll
  static void stop() {
    bed.close();
  }

  private static void send(String tag, int n) {
    for (int i = 0; i < n; i++) {
      String stream = tag + "-" + (i % 17);
      bed.send(Topic.QUALITY, stream, Samples.quality(stream, Instant.now(), 1));
    }
    bed.producer.flush();
  }

  private static long stored(String tag) {
    return bed.count("SELECT count(*) FROM quality_samples WHERE stream_id LIKE '" + tag + "-%'");
  }

  @Test
  void sinkSessionsDoNotWaitForTheWalFlush() throws Exception {
    try (Database db = new Database(bed.pg.jdbcUrl(bed.db), "postgres", "");
         Statement s = db.connection().createStatement(); ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("off");
    }
  }

  @Test
  void commitsTheDatabaseLostAreWrittenAgainOnce() throws Exception {
    SinkConfig config = bed.config(100);
    try (Sink sink = bed.startSink(config, rejected -> { })) {
      send("kept", 300);
      await().atMost(Duration.ofSeconds(60)).until(() -> stored("kept") == 300);
      Map<Integer, Long> before = offsets(config.group());
      assertThat(before).as("every partition written").hasSize(3);

      send("lost", 300);
      await().atMost(Duration.ofSeconds(60)).until(() -> stored("lost") == 300);
      try (Connection c = bed.pg.connect(bed.db); Statement s = c.createStatement()) {
        c.setAutoCommit(false); // what a crash after those commits leaves: neither their rows nor their offsets
        s.execute("DELETE FROM quality_samples WHERE stream_id LIKE 'lost-%'");
        for (var e : before.entrySet()) {
          s.execute("UPDATE sink_offsets SET next_offset = " + e.getValue() + " WHERE consumer_group = '"
              + config.group() + "' AND topic = '" + Topic.QUALITY.topicName() + "' AND partition = " + e.getKey());
        }
        c.commit();
      }

      send("after", 100);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(stored("lost")).isEqualTo(300);
        assertThat(stored("after")).isEqualTo(100);
      });
      assertThat(stored("kept")).isEqualTo(300);
      assertThat(bed.count("SELECT count(DISTINCT event_id) FROM quality_samples")).isEqualTo(700);
      assertThat(bed.count("SELECT count(*) FROM quality_samples")).isEqualTo(700);
    }
  }

  private static Map<Integer, Long> offsets(String group) throws Exception {
    Map<Integer, Long> out = new HashMap<>();
    try (Connection c = bed.pg.connect(bed.db); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT partition, next_offset FROM sink_offsets WHERE consumer_group = '"
             + group + "' AND topic = '" + Topic.QUALITY.topicName() + "'")) {
      while (rs.next()) {
        out.put(rs.getInt(1), rs.getLong(2));
      }
    }
    return out;
  }
}
