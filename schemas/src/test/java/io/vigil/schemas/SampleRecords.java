package io.vigil.schemas;

import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Realistic records for the schema tests. */
public final class SampleRecords {
  private SampleRecords() {}

  public static QualitySample audioSample(String streamId, double lossPct) {
    return QualitySample.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setTs(Instant.ofEpochMilli(1_795_316_136_298L))
        .setNodeId("sfu-1")
        .setCollectorSeq(42)
        .setLabels(Map.of("region", "eu-west"))
        .setStreamId(streamId)
        .setParticipantId("alice")
        .setTrackId("audio-0")
        .setSsrc(162577598L)
        .setKind(MediaKind.audio)
        .setDirection(Direction.inbound)
        .setSource("browser")
        .setCodec("audio/opus")
        .setIntervalMs(1000L)
        .setPacketsReceived(47L)
        .setPacketsLost(3L)
        .setLossPct(lossPct)
        .setJitterMs(9.0)
        .setRttMs(78.5)
        .build();
  }
}
