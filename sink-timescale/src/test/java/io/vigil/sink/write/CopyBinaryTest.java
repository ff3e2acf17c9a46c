package io.vigil.sink.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.sink.rows.Row;
import io.vigil.sink.rows.SourceRecord;
import io.vigil.sink.rows.Table;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binary COPY layout: signature, one field count and length per value, -1 for NULL, the trailer. */
class CopyBinaryTest {
  @Test
  void aRowIsItsFieldCountThenLengthPrefixedValuesBetweenSignatureAndTrailer() throws Exception {
    Row row = new Row(Table.ALERT_RULE_DELETES, new Object[] {"r-1"}, new SourceRecord("t", 0, 0, null, null));
    Row none = new Row(Table.ALERT_RULE_DELETES, new Object[] {null}, new SourceRecord("t", 0, 1, null, null));
    ByteBuffer b = ByteBuffer.wrap(CopyBinary.encode(List.of(row, none)));
    byte[] signature = new byte[11];
    b.get(signature);
    assertThat(new String(signature, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("PGCOPY");
    assertThat(Arrays.copyOfRange(signature, 6, 11)).containsExactly('\n', 0xff, '\r', '\n', 0);
    assertThat(b.getInt()).as("flags").isZero();
    assertThat(b.getInt()).as("header extension").isZero();
    assertThat(b.getShort()).isEqualTo((short) 1);
    assertThat(b.getInt()).isEqualTo(3);
    byte[] text = new byte[3];
    b.get(text);
    assertThat(new String(text, StandardCharsets.UTF_8)).isEqualTo("r-1");
    assertThat(b.getShort()).isEqualTo((short) 1);
    assertThat(b.getInt()).as("NULL").isEqualTo(-1);
    assertThat(b.getShort()).as("trailer").isEqualTo((short) -1);
    assertThat(b.hasRemaining()).isFalse();
  }

  @Test
  void instantsAreMicrosecondsSince2000RoundedLikeTheServer() {
    assertThat(CopyBinary.micros(Instant.parse("2000-01-01T00:00:00Z"))).isZero();
    assertThat(CopyBinary.micros(Instant.parse("2000-01-01T00:00:01.000001Z"))).isEqualTo(1_000_001);
    assertThat(CopyBinary.micros(Instant.parse("1999-12-31T23:59:59.999Z"))).isEqualTo(-1_000);
    assertThat(CopyBinary.micros(Instant.parse("2000-01-01T00:00:00.0000006Z"))).isEqualTo(1);
    assertThat(CopyBinary.micros(Instant.parse("2000-01-01T00:00:00.0000004Z"))).isZero();
  }
}
