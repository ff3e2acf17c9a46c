package io.vigil.alerting.dispatch;

/** The internal topic that re-keys alert events by aggregation group, so each group lives on one partition. */
public final class GroupRecords {
  /** Internal topic name; same partition count as vigil.alerts.v1. */
  public static final String TOPIC = "vigil.alerting-groups.v1";
  /** Header carrying the id of the route the event was grouped under. */
  public static final String ROUTE_HEADER = "vigil.route";

  private GroupRecords() {}
}
