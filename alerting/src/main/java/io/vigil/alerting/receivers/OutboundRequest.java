package io.vigil.alerting.receivers;

import java.util.Map;

/** An HTTP POST a receiver wants sent: URL, headers, JSON body. */
public record OutboundRequest(String url, Map<String, String> headers, String body) {}
