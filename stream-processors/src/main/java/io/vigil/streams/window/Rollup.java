package io.vigil.streams.window;

import java.util.function.BiConsumer;

/**
 * A coarse window (1 min) filled from the closed fine windows (10 s) it is made of instead of from every sample: each
 * sample then updates, and each commit then writes, one window per series instead of two. Exact because the windows
 * are aligned tumbling windows (every coarse window is the union of whole fine windows) and the aggregates are
 * mergeable (counts and sums add, min/max combine, sketch buckets add).
 *
 * @param merge folds a closed fine window into its coarse window (count, metrics, counters)
 */
public record Rollup(WindowSpec fine, WindowSpec coarse, BiConsumer<WindowAggregate, WindowAggregate> merge) {
  public Rollup {
    if (coarse.sizeMs() % fine.sizeMs() != 0) {
      throw new IllegalArgumentException(coarse.label() + " is not made of whole " + fine.label() + " windows");
    }
    if (fine.label().compareTo(coarse.label()) >= 0) {
      // store keys are "end|label|series": of two windows ending together the fine one must close (and merge) first
      throw new IllegalArgumentException("fine label " + fine.label() + " must sort before " + coarse.label());
    }
  }

  /** End of the coarse window that the fine window ending at {@code fineEnd} belongs to. */
  public long coarseEnd(long fineEnd) {
    return coarse.endOf(fineEnd - fine.sizeMs());
  }
}
