package io.vigil.queryapi.ratelimit;

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
import io.vigil.queryapi.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Per-client rate limit (client = bearer token, else remote address) answering 429 problem+json with Retry-After.
 * Health probes are exempt so orchestrators never see 429.
 */
@ServerFilter("/**")
public class RateLimitFilter implements Ordered {
  private final ClientBuckets buckets;

  public RateLimitFilter(@Value("${vigil.rate-limit.per-minute:1200}") long perMinute,
      @Value("${vigil.rate-limit.burst:200}") long burst) {
    this.buckets = new ClientBuckets(perMinute, burst);
  }

  @Override
  public int getOrder() {
    // Before security, so unauthenticated floods are limited too.
    return ServerFilterPhase.SECURITY.before();
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> limit(HttpRequest<?> request) {
    String path = request.getPath();
    if (path.equals("/health") || path.startsWith("/health/")) {
      return null;
    }
    long wait = buckets.tryConsume(clientKey(request));
    if (wait == 0) {
      return null;
    }
    return Problem.response(HttpStatus.TOO_MANY_REQUESTS, "rate limit exceeded; retry after " + wait + " s", null,
        path).header(HttpHeaders.RETRY_AFTER, Long.toString(wait));
  }

  static String clientKey(HttpRequest<?> request) {
    String auth = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (auth != null) {
      return "t:" + sha256(auth);
    }
    return "a:" + request.getRemoteAddress().getAddress().getHostAddress();
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
