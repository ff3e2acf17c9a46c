package io.vigil.collectors.http;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/** Per-client request rate limit on push endpoints (client = token, else remote address): 429 with Retry-After. */
@ServerFilter("/v1/**")
public class RateLimitFilter implements Ordered {
  private final ClientBuckets buckets;
  private final RejectCounter rejects;

  public RateLimitFilter(@Value("${vigil.rate-limit.per-second:200}") long perSecond,
      @Value("${vigil.rate-limit.burst:400}") long burst, RejectCounter rejects) {
    this.buckets = new ClientBuckets(perSecond, burst);
    this.rejects = rejects;
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.before();
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> limit(HttpRequest<?> request) {
    String token = ApiTokenFilter.tokenOf(request);
    String client = token != null ? "t:" + Integer.toHexString(token.hashCode())
        : "a:" + request.getRemoteAddress().getAddress().getHostAddress();
    long wait = buckets.tryConsume(client);
    if (wait == 0) {
      return null;
    }
    rejects.count("rate_limited");
    return Problems.response(HttpStatus.TOO_MANY_REQUESTS, "rate limit exceeded; retry after " + wait + " s",
        request.getPath()).header(HttpHeaders.RETRY_AFTER, Long.toString(wait));
  }
}
