package io.vigil.sink.write;

import io.vigil.sink.rows.Row;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * One unit of work: rows to write, records already rejected (undecodable, unmappable), and per partition the next
 * offset to store and the offset this instance expects sink_offsets to hold now (null if it holds none).
 */
public record Batch(List<Row> rows, List<Rejection> rejected, Map<TopicPartition, Long> nextOffsets,
                    Map<TopicPartition, Long> expectedOffsets) {}
