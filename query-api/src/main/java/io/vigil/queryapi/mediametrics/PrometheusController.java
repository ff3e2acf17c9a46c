package io.vigil.queryapi.mediametrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** GET /metrics: the API's own Prometheus exposition (HTTP server, JVM, media histograms, pipeline gauges). */
@Controller("/metrics")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "metrics")
public class PrometheusController {
  private final PrometheusMeterRegistry registry;

  public PrometheusController(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Operation(summary = "Prometheus text exposition; anonymous so Prometheus can scrape it")
  @Get(produces = "text/plain; version=0.0.4; charset=utf-8")
  public String scrape() {
    return registry.scrape();
  }
}
