package io.vigil.devstack.simulator;

import java.util.ArrayList;
import java.util.List;

/** Who is in the simulated fleet: SFU nodes x rooms x participants, each receiving one audio and one video track. */
public record Population(int nodes, int roomsPerNode, int participantsPerRoom) {
  /** One simulated participant; a room is one stream in Vigil's terms. */
  public record Participant(int nodeIndex, int roomIndex, String nodeId, String room, String streamId, String sessionId,
                            String participantId, SyntheticPeer peer) {}

  public Population {
    if (nodes < 1 || roomsPerNode < 1 || participantsPerRoom < 1) {
      throw new IllegalArgumentException("nodes, rooms and participants must each be at least 1");
    }
  }

  /** Tracks reporting (two per participant). */
  public int tracks() {
    return nodes * roomsPerNode * participantsPerRoom * 2;
  }

  public List<Participant> participants() {
    List<Participant> out = new ArrayList<>();
    long seed = 1;
    for (int n = 0; n < nodes; n++) {
      for (int r = 0; r < roomsPerNode; r++) {
        String room = "sim-room-" + n + "-" + r;
        for (int p = 0; p < participantsPerRoom; p++) {
          out.add(new Participant(n, r, "sim-sfu-" + n, room, room, room + "-session", "p" + p, new SyntheticPeer(seed++)));
        }
      }
    }
    return out;
  }
}
