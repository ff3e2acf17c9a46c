package io.vigil.collectors.delivery;

/** A place in the spool: segment id (monotonic) and byte offset inside that segment. */
public record SpoolPosition(long segment, long offset) implements Comparable<SpoolPosition> {
  public static final SpoolPosition START = new SpoolPosition(0, 0);

  @Override
  public int compareTo(SpoolPosition o) {
    int c = Long.compare(segment, o.segment);
    return c != 0 ? c : Long.compare(offset, o.offset);
  }

  public boolean isAfter(SpoolPosition o) {
    return compareTo(o) > 0;
  }
}
