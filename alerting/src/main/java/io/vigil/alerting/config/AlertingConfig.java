package io.vigil.alerting.config;

import io.vigil.alerting.inhibit.InhibitRule;
import io.vigil.alerting.route.RouteTree;
import java.util.List;
import java.util.Map;

/** The validated alerting configuration: receivers, routing tree, inhibition rules, time intervals, links. */
public record AlertingConfig(Map<String, ReceiverConfig> receivers, RouteTree routes, List<InhibitRule> inhibitRules,
                             Map<String, TimeInterval> timeIntervals, String consoleUrl, String grafanaUrl) {
}
