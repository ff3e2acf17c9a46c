package io.vigil.collectors.webrtc;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.server.cors.CrossOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code GET /v1/webrtc/vigil.js}: the dependency-free browser snippet ({@code Vigil.watch(pc, {...})}) that polls
 * an RTCPeerConnection's getStats() and posts it to {@code POST /v1/webrtc/stats}. Public (no token: the
 * {@link io.vigil.collectors.http.ApiTokenFilter} exempts it), cacheable for an hour and revalidated by ETag.
 */
@Controller("/v1/webrtc")
@CrossOrigin(allowedMethods = {io.micronaut.http.HttpMethod.GET})
public class WebRtcSnippetController {
  public static final String PATH = "/v1/webrtc/vigil.js";
  static final MediaType JAVASCRIPT = MediaType.of("text/javascript;charset=utf-8");
  private final byte[] script;
  private final String etag;

  public WebRtcSnippetController() {
    try (InputStream in = WebRtcSnippetController.class.getResourceAsStream("/webrtc/vigil.js")) {
      if (in == null) {
        throw new IllegalStateException("webrtc/vigil.js missing from the agent's classpath");
      }
      script = in.readAllBytes();
      etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(script), 0, 16) + "\"";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Get(uri = "/vigil.js", produces = "text/javascript")
  public HttpResponse<?> script(HttpRequest<?> request) {
    String ifNoneMatch = request.getHeaders().get(HttpHeaders.IF_NONE_MATCH);
    if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
      return cacheHeaders(HttpResponse.notModified());
    }
    return cacheHeaders(HttpResponse.ok(script).contentType(JAVASCRIPT)
        .header(HttpHeaders.CONTENT_LENGTH, Integer.toString(script.length)));
  }

  private <T> io.micronaut.http.MutableHttpResponse<T> cacheHeaders(io.micronaut.http.MutableHttpResponse<T> r) {
    return r.header(HttpHeaders.CACHE_CONTROL, "public, max-age=3600, must-revalidate").header(HttpHeaders.ETAG, etag)
        .header("X-Content-Type-Options", "nosniff").header("Cross-Origin-Resource-Policy", "cross-origin");
  }

  /** The snippet's text, for tests and tools. */
  public String text() {
    return new String(script, StandardCharsets.UTF_8);
  }
}
