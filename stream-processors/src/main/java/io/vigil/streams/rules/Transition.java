package io.vigil.streams.rules;

import io.vigil.schemas.avro.AlertStatus;

/** A state change to publish: the new status, when the alert started/ended, its value, and the evaluation time. */
public record Transition(AlertStatus status, long startsAt, Long endsAt, Double value, long at) {}
