package io.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The markdown report shows every figure, nested ones included. */
class BenchReportTest {
  @Test
  void nestedFiguresAreFlattenedNotLeftBlank() throws Exception {
    var report = new ObjectMapper().readTree("""
        {"date":"2026-11-30","machine":{"cores":2},
         "stages":{"api":{"status":"ok","target":"p99 <= 50 ms","figures":{"clients":50,
           "quality_1h_1m":{"p50_ms":14.4,"p99_ms":41.5},
           "steps":[{"target_samples_per_s":2000,"lag_bounded":true}],
           "jit_ms":[3247,680]}}}}""");
    String md = BenchCommand.markdown(report);
    assertThat(md).contains("clients = 50<br>", "quality_1h_1m.p50_ms = 14.4<br>", "quality_1h_1m.p99_ms = 41.5<br>",
        "steps[0] = {\"target_samples_per_s\":2000,\"lag_bounded\":true}<br>", "jit_ms = [3247,680]<br>");
    assertThat(md).doesNotContain("= <br>");
  }
}
