package io.vigil.alerting.notify;

import io.vigil.alerting.receivers.OutboundRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** HttpSender over the JDK client (HTTP/1.1, keep-alive, connect timeout 5 s). */
public final class JdkHttpSender implements HttpSender {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  public Response post(OutboundRequest request, Duration timeout) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(request.url())).timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofString(request.body()));
    request.headers().forEach(b::header);
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null));
  }
}
