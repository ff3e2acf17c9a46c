package io.vigil.streams.rules;

import io.vigil.schemas.avro.CompareOp;

/** The six comparison operators of a rule, applied to a value and the threshold. */
public final class Comparison {
  private Comparison() {}

  public static boolean holds(CompareOp op, double value, double threshold) {
    return switch (op) {
      case gt -> value > threshold;
      case gte -> value >= threshold;
      case lt -> value < threshold;
      case lte -> value <= threshold;
      case eq -> value == threshold;
      case ne -> value != threshold;
    };
  }

  /** The Prometheus-style symbol, for messages. */
  public static String symbol(CompareOp op) {
    return switch (op) {
      case gt -> ">";
      case gte -> ">=";
      case lt -> "<";
      case lte -> "<=";
      case eq -> "==";
      case ne -> "!=";
    };
  }
}
