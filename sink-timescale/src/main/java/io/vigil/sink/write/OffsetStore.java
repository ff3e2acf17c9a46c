package io.vigil.sink.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/** The sink's positions in sink_offsets: read on assignment, checked and written in each batch's transaction. */
public final class OffsetStore {
  private final String group;

  public OffsetStore(String group) {
    this.group = group;
  }

  public String group() {
    return group;
  }

  /** Stored next offsets of the given partitions; partitions never written are absent. */
  public Map<TopicPartition, Long> load(Connection c, Collection<TopicPartition> partitions) throws SQLException {
    Map<TopicPartition, Long> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT topic, partition, next_offset FROM sink_offsets WHERE consumer_group = ?")) {
      ps.setString(1, group);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          TopicPartition tp = new TopicPartition(rs.getString(1), rs.getInt(2));
          if (partitions.contains(tp)) {
            out.put(tp, rs.getLong(3));
          }
        }
      }
    }
    return out;
  }

  /**
   * Locks this batch's partitions and checks they still hold what this instance last read or wrote. A mismatch means
   * another instance wrote them after a rebalance, or the database lost its latest commits in a crash (the sink does
   * not wait for the WAL flush): either way this batch must not commit, and the positions are read again.
   */
  public void lockAndCheck(Connection c, Map<TopicPartition, Long> expected) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT next_offset FROM sink_offsets"
        + " WHERE consumer_group = ? AND topic = ? AND partition = ? FOR UPDATE")) {
      for (var e : expected.entrySet()) {
        ps.setString(1, group);
        ps.setString(2, e.getKey().topic());
        ps.setInt(3, e.getKey().partition());
        Long stored = null;
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            stored = rs.getLong(1);
          }
        }
        if (!Objects.equals(stored, e.getValue())) {
          throw new FencedException(e.getKey(), e.getValue(), stored);
        }
      }
    }
  }

  public void save(Connection c, Map<TopicPartition, Long> next) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO sink_offsets (consumer_group, topic, partition, next_offset)"
        + " VALUES (?, ?, ?, ?) ON CONFLICT (consumer_group, topic, partition)"
        + " DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()")) {
      for (var e : next.entrySet()) {
        ps.setString(1, group);
        ps.setString(2, e.getKey().topic());
        ps.setInt(3, e.getKey().partition());
        ps.setLong(4, e.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** A partition's offset moved under this instance (another writer, or a lost commit): its view is stale. */
  public static final class FencedException extends SQLException {
    public FencedException(TopicPartition tp, Long expected, Long stored) {
      super("offset of " + tp + " in sink_offsets is " + stored + ", expected " + expected
          + ": another sink instance wrote this partition, or the database lost its latest commits", "VGL01");
    }
  }
}
