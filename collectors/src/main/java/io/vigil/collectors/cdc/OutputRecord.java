package io.vigil.collectors.cdc;

import org.apache.avro.specific.SpecificRecord;

/** A record to publish: topic, key, value (null = tombstone), and the change it came from for headers and counting. */
public record OutputRecord(String topic, String key, SpecificRecord value, String eventId, Long lsn, String table, RowChange.Op op) {}
