package io.vigil.sink.rows;

/** Where a row came from: the Kafka coordinates and the original key and value bytes. */
public record SourceRecord(String topic, int partition, long offset, byte[] key, byte[] value) {}
