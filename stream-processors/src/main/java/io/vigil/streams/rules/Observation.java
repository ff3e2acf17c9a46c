package io.vigil.streams.rules;

import java.util.Map;
import java.util.function.Function;

/**
 * One input to rule evaluation: the series identity (what the fingerprint hashes), every matchable label, a metric
 * lookup by name (null when the sample has no value for it), the event time, and whether the series is live.
 */
public record Observation(String source, Map<String, String> identity, Map<String, String> labels,
                          Function<String, Double> metrics, long ts, boolean live) {}
