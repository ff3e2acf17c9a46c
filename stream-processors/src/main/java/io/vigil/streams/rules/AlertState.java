package io.vigil.streams.rules;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/** Per rule and series: where it is in inactive -> pending -> firing, and what the timers need. Times in epoch ms. */
public final class AlertState {
  /** Internal phases; "resolved" is an event, not a phase: a resolved series goes back to inactive. */
  public enum Phase { INACTIVE, PENDING, FIRING }

  public String ruleId;
  public String fingerprint;
  public Phase phase = Phase.INACTIVE;
  public long activeAt;
  public long firedAt;
  public long lastTrueAt;
  /**
   * Event time and wall-clock time (the clock {@link AlertEngine} is given) of the last observation: a silent series'
   * clock is extrapolated from these.
   */
  public long lastSeenTs;
  public long lastSeenWall;
  public boolean lastCondition;
  public Double lastValue;
  /**
   * Never changed in place (replace the map), so copies share it: an absent rule's state is rewritten for every live
   * series every 10 s, and a copied label map per rewrite was most of what those states cost the old generation.
   */
  public Map<String, String> labels = new TreeMap<>();

  public AlertState copy() {
    AlertState s = new AlertState();
    s.ruleId = ruleId;
    s.fingerprint = fingerprint;
    s.phase = phase;
    s.activeAt = activeAt;
    s.firedAt = firedAt;
    s.lastTrueAt = lastTrueAt;
    s.lastSeenTs = lastSeenTs;
    s.lastSeenWall = lastSeenWall;
    s.lastCondition = lastCondition;
    s.lastValue = lastValue;
    s.labels = labels;
    return s;
  }

  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(1); // format version
      out.writeUTF(ruleId);
      out.writeUTF(fingerprint);
      out.writeByte(phase.ordinal());
      out.writeLong(activeAt);
      out.writeLong(firedAt);
      out.writeLong(lastTrueAt);
      out.writeLong(lastSeenTs);
      out.writeLong(lastSeenWall);
      out.writeBoolean(lastCondition);
      out.writeBoolean(lastValue != null);
      out.writeDouble(lastValue == null ? 0 : lastValue);
      out.writeInt(labels.size());
      for (var e : labels.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static AlertState fromBytes(byte[] data) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      in.readByte();
      AlertState s = new AlertState();
      s.ruleId = in.readUTF();
      s.fingerprint = in.readUTF();
      s.phase = Phase.values()[in.readByte()];
      s.activeAt = in.readLong();
      s.firedAt = in.readLong();
      s.lastTrueAt = in.readLong();
      s.lastSeenTs = in.readLong();
      s.lastSeenWall = in.readLong();
      s.lastCondition = in.readBoolean();
      boolean hasValue = in.readBoolean();
      double v = in.readDouble();
      s.lastValue = hasValue ? v : null;
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        s.labels.put(in.readUTF(), in.readUTF());
      }
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
