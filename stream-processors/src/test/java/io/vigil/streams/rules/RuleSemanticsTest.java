package io.vigil.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.avro.CompareOp;
import io.vigil.schemas.avro.MatchOp;
import io.vigil.schemas.avro.Matcher;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleSemanticsTest {
  @Test
  void operators() {
    assertThat(Comparison.holds(CompareOp.gt, 5.1, 5)).isTrue();
    assertThat(Comparison.holds(CompareOp.gt, 5, 5)).isFalse();
    assertThat(Comparison.holds(CompareOp.gte, 5, 5)).isTrue();
    assertThat(Comparison.holds(CompareOp.lt, 4.9, 5)).isTrue();
    assertThat(Comparison.holds(CompareOp.lte, 5, 5)).isTrue();
    assertThat(Comparison.holds(CompareOp.eq, 1, 1)).isTrue();
    assertThat(Comparison.holds(CompareOp.ne, 1, 1)).isFalse();
  }

  @Test
  void matchersAreAnchoredAndMissingLabelsAreEmpty() {
    Map<String, String> labels = Map.of("component", "ffmpeg", "kind", "audio");
    assertThat(LabelMatchers.matchAll(List.of(new Matcher("component", MatchOp.eq, "ffmpeg")), labels)).isTrue();
    assertThat(LabelMatchers.matchAll(List.of(new Matcher("component", MatchOp.re, "ff")), labels)).isFalse();
    assertThat(LabelMatchers.matchAll(List.of(new Matcher("component", MatchOp.re, "ff.*|sfu")), labels)).isTrue();
    assertThat(LabelMatchers.matchAll(List.of(new Matcher("kind", MatchOp.ne, "video")), labels)).isTrue();
    assertThat(LabelMatchers.matchAll(List.of(new Matcher("room", MatchOp.eq, "")), labels)).isTrue();
    assertThat(LabelMatchers.matchAll(List.of(new Matcher("kind", MatchOp.nre, "aud.*")), labels)).isFalse();
  }

  @Test
  void templatesRenderLabelsValueAndThreshold() {
    String out = Templates.render("Loss {{ $value }}% > {{$threshold}} on {{ $labels.stream_id }}{{ $labels.nope }}",
        Map.of("stream_id", "s1"), 7.256, 5);
    assertThat(out).isEqualTo("Loss 7.26% > 5 on s1");
    assertThat(Templates.firstUnsupported("{{ $value | humanize }}")).isEqualTo("{{ $value | humanize }}");
    assertThat(Templates.firstUnsupported("ok {{ $labels.a }}")).isNull();
  }

  @Test
  void fingerprintIsStableAndIgnoresLabelOrder() {
    String a = Fingerprint.of("r1", Map.of("stream_id", "s", "track_id", "t"));
    String b = Fingerprint.of("r1", new java.util.LinkedHashMap<>(Map.of("track_id", "t", "stream_id", "s")));
    assertThat(a).isEqualTo(b).hasSize(32);
    assertThat(Fingerprint.of("r2", Map.of("stream_id", "s", "track_id", "t"))).isNotEqualTo(a);
    // pinned: a changed hash would orphan every open alert downstream after an upgrade
    assertThat(Fingerprint.of("r1", Map.of("stream_id", "s"))).isEqualTo(Fingerprint.of("r1", Map.of("stream_id", "s")))
        .isEqualTo("576e5214570e5f972e9e0b0e87affb01");
    assertThat(Fingerprint.of("r1", new java.util.TreeMap<>(Map.of("track_id", "t", "stream_id", "s"))))
        .isEqualTo("7cf91bed675e89051674f8751c045a16");
    java.util.TreeMap<String, String> reversed = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
    reversed.putAll(Map.of("track_id", "t", "stream_id", "s"));
    assertThat(Fingerprint.of("r1", reversed)).as("any order of the caller's map").isEqualTo(a);
  }
}
