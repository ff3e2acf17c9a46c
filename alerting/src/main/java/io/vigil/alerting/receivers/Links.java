package io.vigil.alerting.receivers;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Links to the operator console and Grafana put into messages. */
public record Links(String consoleUrl, String grafanaUrl) {
  public String console(String groupKey) {
    return consoleUrl + "?group=" + URLEncoder.encode(groupKey, StandardCharsets.UTF_8);
  }

  public String grafana(String streamId) {
    return grafanaUrl + "/d/vigil-stream?var-stream_id=" + URLEncoder.encode(streamId == null ? "" : streamId,
        StandardCharsets.UTF_8);
  }
}
