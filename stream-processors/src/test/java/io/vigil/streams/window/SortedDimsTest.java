package io.vigil.streams.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SortedDimsTest {
  private static Map<String, String> sample() {
    Map<String, String> m = new HashMap<>();
    m.put("track_id", "mic");
    m.put("stream_id", "s1");
    m.put("tenant", "acme");
    m.put("kind", "audio");
    m.put("participant_id", "p7");
    m.put("node_id", "sfu-3");
    return m;
  }

  /** Window event ids hash dims.toString() and the store format writes dims in iteration order: both as TreeMap's. */
  @Test
  void readsIteratesAndPrintsLikeATreeMap() {
    SortedDims dims = new SortedDims(sample());
    TreeMap<String, String> tree = new TreeMap<>(sample());
    assertThat(dims).isEqualTo(tree);
    assertThat(dims.hashCode()).isEqualTo(tree.hashCode());
    assertThat(dims.toString()).isEqualTo(tree.toString());
    assertThat(new ArrayList<>(dims.keySet())).containsExactlyElementsOf(tree.keySet());
    List<String> walked = new ArrayList<>();
    dims.forEach((k, v) -> walked.add(k + "=" + v));
    assertThat(walked).containsExactlyElementsOf(tree.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .toList());
    assertThat(dims.get("participant_id")).isEqualTo("p7");
    assertThat(dims.get("room")).isNull();
    assertThat(dims.get(42)).isNull();
    assertThat(dims.containsKey("tenant")).isTrue();
    assertThat(dims.containsKey("room")).isFalse();
    assertThat(new SortedDims(Map.of())).isEmpty();
  }

  @Test
  void setKeepsKeyOrderAndLeavesAWindowSharingTheArraysAlone() {
    SortedDims fine = new SortedDims(sample());
    SortedDims coarse = new SortedDims(fine); // a 1 min window opened from a 10 s window's dims
    coarse.set("room", "lobby");
    coarse.set("node_id", "sfu-4");
    fine.set("stream_name", "Standup");

    TreeMap<String, String> expectedCoarse = new TreeMap<>(sample());
    expectedCoarse.put("room", "lobby");
    expectedCoarse.put("node_id", "sfu-4");
    TreeMap<String, String> expectedFine = new TreeMap<>(sample());
    expectedFine.put("stream_name", "Standup");
    assertThat(coarse).isEqualTo(expectedCoarse);
    assertThat(coarse.toString()).isEqualTo(expectedCoarse.toString());
    assertThat(fine).isEqualTo(expectedFine);
    assertThat(fine.toString()).isEqualTo(expectedFine.toString());
  }

  @Test
  void isReadOnlyFromOutside() {
    SortedDims dims = new SortedDims(sample());
    assertThatThrownBy(() -> dims.put("room", "r")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> dims.entrySet().iterator().next().setValue("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
