package io.vigil.collectors.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.vigil.collectors.config.AgentConfig;
import io.vigil.collectors.webrtc.WebRtcSnippetController;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push endpoints need an API token ({@code Authorization: Bearer <token>}, {@code X-Vigil-Token}, or HTTP basic auth
 * with the token as password, for Janus); 401 otherwise. {@code GET /v1/webrtc/vigil.js}, the browser snippet, is public.
 * With no tokens configured (VIGIL_API_TOKENS empty) the agent runs open and says so at start.
 */
@ServerFilter("/v1/**")
public class ApiTokenFilter implements Ordered {
  private static final Logger LOG = LoggerFactory.getLogger(ApiTokenFilter.class);
  private final Set<String> tokens;
  private final RejectCounter rejects;

  public ApiTokenFilter(AgentConfig config, RejectCounter rejects) {
    this.tokens = config.apiTokens();
    this.rejects = rejects;
    if (tokens.isEmpty()) {
      LOG.warn("no API tokens configured (VIGIL_API_TOKENS): push endpoints accept unauthenticated requests");
    }
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.order();
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> check(HttpRequest<?> request) {
    if (tokens.isEmpty() || isPublic(request)) {
      return null;
    }
    String presented = tokenOf(request);
    if (presented != null && tokens.stream().anyMatch(t -> constantTimeEquals(t, presented))) {
      return null;
    }
    rejects.count("unauthorized");
    return Problems.response(HttpStatus.UNAUTHORIZED, "a valid API token is required (Authorization: Bearer <token>)",
        request.getPath()).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
  }

  /** The browser snippet is fetched by a plain script tag: no token. */
  static boolean isPublic(HttpRequest<?> request) {
    return (request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD)
        && WebRtcSnippetController.PATH.equals(request.getPath());
  }

  static String tokenOf(HttpRequest<?> request) {
    String auth = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      // Janus' HTTP event handler only does basic auth (backend_user/backend_pwd): the password is the token
      try {
        String decoded = new String(java.util.Base64.getDecoder().decode(auth.substring(6).trim()),
            StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon >= 0 ? decoded.substring(colon + 1) : null;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return request.getHeaders().get("X-Vigil-Token");
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
