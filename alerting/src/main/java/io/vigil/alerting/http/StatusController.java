package io.vigil.alerting.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /status}: delivery counters and group count of this instance. */
@Controller("/status")
@Requires(beans = AlertingService.class)
public class StatusController {
  private final AlertingService service;

  public StatusController(AlertingService service) {
    this.service = service;
  }

  @Get
  public Map<String, Object> status() {
    var s = service.stats();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("groups", service.groups());
    m.put("sent", s.sent.get());
    m.put("retries", s.retries.get());
    m.put("dead_lettered", s.deadLettered.get());
    m.put("deduplicated", s.deduplicated.get());
    m.put("suppressed", s.suppressed.get());
    m.put("bad_input", s.badInput.get());
    return m;
  }
}
