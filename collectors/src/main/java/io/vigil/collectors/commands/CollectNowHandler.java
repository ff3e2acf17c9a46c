package io.vigil.collectors.commands;

/** A source that can sample at once when a {@code collect_now} command arrives (stream id null = everything). */
public interface CollectNowHandler {
  /** Returns how many samples were published. */
  int collectNow(String streamId);
}
