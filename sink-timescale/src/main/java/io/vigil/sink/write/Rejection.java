package io.vigil.sink.write;

import io.vigil.sink.rows.SourceRecord;

/** A record the sink could not store, and why: it goes to the dead-letter topic. */
public record Rejection(SourceRecord source, String stage, String errorClass, String message) {}
