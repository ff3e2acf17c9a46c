package io.vigil.collectors.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** Debezium's envelope, built by hand the way the PostgreSQL connector shapes it. */
class SourceRecordsTest {
  private static final Schema ZONED = SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build();
  private static final Schema ROW = SchemaBuilder.struct().name("server.public.streams.Value")
      .field("id", Schema.STRING_SCHEMA)
      .field("name", Schema.OPTIONAL_STRING_SCHEMA)
      .field("started_at", ZONED)
      .optional().build();
  private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA).build();
  private static final Schema SOURCE = SchemaBuilder.struct()
      .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
      .field("lsn", Schema.OPTIONAL_INT64_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA).build();
  private static final Schema ENVELOPE = SchemaBuilder.struct()
      .field("before", ROW).field("after", ROW).field("source", SOURCE).field("op", Schema.STRING_SCHEMA).build();

  private static SourceRecord record(String op, Struct before, Struct after) {
    Struct source = new Struct(SOURCE).put("schema", "public").put("table", "streams").put("lsn", 777L).put("ts_ms", 1_000L);
    Struct value = new Struct(ENVELOPE).put("before", before).put("after", after).put("source", source).put("op", op);
    return new SourceRecord(Map.of(), Map.of(), "server.public.streams", KEY, new Struct(KEY).put("id", "s1"), ENVELOPE, value);
  }

  @Test
  void updateBecomesRowChangeWithInstantsAndLsn() {
    Struct after = new Struct(ROW).put("id", "s1").put("name", "Keynote").put("started_at", "2026-11-22T10:00:00.123456Z");
    RowChange c = SourceRecords.toRowChange(record("u", null, after)).orElseThrow();
    assertThat(c.table()).isEqualTo("public.streams");
    assertThat(c.op()).isEqualTo(RowChange.Op.UPDATE);
    assertThat(c.lsn()).isEqualTo(777L);
    assertThat(c.committedAt()).isEqualTo(Instant.ofEpochMilli(1_000L));
    assertThat(c.key()).containsEntry("id", "s1");
    assertThat(c.before()).isEmpty();
    assertThat(c.after()).containsEntry("started_at", Instant.parse("2026-11-22T10:00:00.123456Z"));
  }

  @Test
  void unavailableToastValueIsDroppedNotPublished() {
    Struct after = new Struct(ROW).put("id", "s1").put("name", SourceRecords.UNAVAILABLE);
    RowChange c = SourceRecords.toRowChange(record("u", null, after)).orElseThrow();
    assertThat(c.after()).doesNotContainKey("name");
  }

  @Test
  void tombstonesHeartbeatsAndTruncatesAreNotChanges() {
    assertThat(SourceRecords.toRowChange(new SourceRecord(Map.of(), Map.of(), "t", KEY, new Struct(KEY).put("id", "x"), null, null)))
        .isEmpty();
    Schema hb = SchemaBuilder.struct().field("ts_ms", Schema.INT64_SCHEMA).build();
    assertThat(SourceRecords.toRowChange(new SourceRecord(Map.of(), Map.of(), "__debezium-heartbeat.x", hb, new Struct(hb).put("ts_ms", 1L))))
        .isEmpty();
    assertThat(SourceRecords.toRowChange(record("t", null, null))).isEmpty();
  }

  @Test
  void microTimestampsKeepTheirPrecision() {
    Schema micro = SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build();
    assertThat(SourceRecords.normalise(micro, 1_700_000_000_123_456L))
        .isEqualTo(Instant.parse("2023-11-14T22:13:20.123456Z"));
  }
}
