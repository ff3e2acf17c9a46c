package io.vigil.devstack.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.devstack.receiver.LocalReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalReceiverTest {
  @TempDir
  Path dir;

  @Test
  void answersLikeSlackAndPagerDutyAndKeepsWhatItGot() throws Exception {
    Path log = dir.resolve("receiver.log");
    try (var receiver = new LocalReceiver(0, log)) {
      var http = HttpClient.newHttpClient();
      var slack = http.send(HttpRequest.newBuilder(URI.create(receiver.url() + "/slack"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"blocks\":[]}")).build(), HttpResponse.BodyHandlers.ofString());
      var pd = http.send(HttpRequest.newBuilder(URI.create(receiver.url() + "/pagerduty/v2/enqueue"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"event_action\":\"trigger\"}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(slack.statusCode()).isEqualTo(200);
      assertThat(slack.body()).isEqualTo("ok");
      assertThat(pd.statusCode()).isEqualTo(202);
      String listed = http.send(HttpRequest.newBuilder(URI.create(receiver.url() + "/requests")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(listed).contains("/slack").contains("event_action");
      assertThat(Files.readAllLines(log)).hasSize(2);
    }
  }
}
