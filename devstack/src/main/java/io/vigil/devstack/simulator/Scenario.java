package io.vigil.devstack.simulator;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What goes wrong in the simulated fleet. Media scenarios shape the network of the affected participants; the others
 * act on FFmpeg jobs, the collector or the control plane. The first node and room are the ones affected, so an
 * operator knows where to look.
 */
public enum Scenario {
  HEALTHY("healthy"),
  LOSSY_NETWORK("lossy-network"),
  CONGESTED_SFU("congested-sfu"),
  FFMPEG_OVERLOAD("ffmpeg-overload"),
  FFMPEG_CRASH("ffmpeg-crash"),
  COLLECTOR_SILENT("collector-silent"),
  STREAM_ERROR("stream-error");

  private final String label;

  Scenario(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Scenario parse(String text) {
    return Arrays.stream(values()).filter(s -> s.label.equals(text.trim())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + text + "'; one of "
            + Arrays.stream(values()).map(Scenario::label).collect(Collectors.joining(", "))));
  }

  /** Network of one participant {@code elapsedS} seconds into this scenario. */
  public Impairment network(int nodeIndex, int roomIndex, double elapsedS) {
    return switch (this) {
      // Loss, jitter and RTT ramp over 30 s in the first room of the first node, then hold: poor-network and MOS
      // rules fire for that one stream.
      case LOSSY_NETWORK -> nodeIndex == 0 && roomIndex == 0
          ? Impairment.ramp(Impairment.HEALTHY, new Impairment(12, 60, 420), elapsedS / 30.0)
          : Impairment.HEALTHY;
      // Every participant on the first node suffers moderately: the node, not one person, is the problem.
      case CONGESTED_SFU -> nodeIndex == 0 ? new Impairment(6.5, 35, 180) : Impairment.HEALTHY;
      default -> Impairment.HEALTHY;
    };
  }

  /** Whether the first node's collector stops receiving reports (its media node went quiet). */
  public boolean silencesFirstNode() {
    return this == COLLECTOR_SILENT;
  }
}
