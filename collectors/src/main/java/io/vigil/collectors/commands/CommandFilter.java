package io.vigil.collectors.commands;

import io.vigil.schemas.avro.CollectorCommand;
import java.time.Duration;
import java.time.Instant;

/** Pure: whether a command is for this node ({@code node_id} equal or {@code *}) and still fresh enough to act on. */
public final class CommandFilter {
  private CommandFilter() {}

  public static boolean applies(CollectorCommand c, String nodeId, Instant now, Duration maxAge) {
    if (c == null || c.getNodeId() == null) {
      return false;
    }
    boolean mine = c.getNodeId().equals(nodeId) || c.getNodeId().equals("*");
    boolean fresh = c.getRequestedAt() == null || Duration.between(c.getRequestedAt(), now).compareTo(maxAge) <= 0;
    return mine && fresh;
  }
}
