package io.vigil.queryapi.quality;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The points of a bucketed quality series as {@link QualityQueries#bucketed} returns them (ts, samples, then the
 * metric columns), serialised as a JSON array of objects named after the columns, metrics rounded by
 * {@link Decimal3}. Rows are kept as primitives rather than a map per row because this is the API's most frequent
 * call (every chart refresh) and the per-row maps and boxed doubles cost more than the query. For the same reason
 * field names are pre-encoded and numbers and timestamps are formatted into one scratch buffer: a week at 1 h buckets
 * is 168 points of 12 fields, and writing them once took half of the API's CPU for that request.
 */
public final class QualityPoints implements JsonSerializable {
  private static final SerializableString TS = new SerializedString("ts");
  private static final SerializableString SAMPLES = new SerializedString("samples");

  private final SerializableString[] metrics;
  private final List<Instant> ts;
  private final long[] samples;
  /** Row-major metric values; SQL NULLs are flagged in {@link #nulls} (a metric no sample reported). */
  private final double[] values;
  private final BitSet nulls;

  QualityPoints(SerializableString[] metrics, List<Instant> ts, long[] samples, double[] values, BitSet nulls) {
    this.metrics = metrics;
    this.ts = ts;
    this.samples = samples;
    this.values = values;
    this.nulls = nulls;
  }

  static QualityPoints read(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    SerializableString[] metrics = new SerializableString[md.getColumnCount() - 2];
    for (int i = 0; i < metrics.length; i++) {
      metrics[i] = new SerializedString(md.getColumnLabel(i + 3));
    }
    List<Instant> ts = new ArrayList<>();
    long[] samples = new long[64];
    double[] values = new double[64 * metrics.length];
    BitSet nulls = new BitSet();
    int row = 0;
    while (rs.next()) {
      if (row == samples.length) {
        samples = Arrays.copyOf(samples, row * 2);
        values = Arrays.copyOf(values, row * 2 * metrics.length);
      }
      Timestamp t = rs.getTimestamp(1);
      ts.add(t == null ? null : t.toInstant());
      samples[row] = rs.getLong(2);
      for (int m = 0; m < metrics.length; m++) {
        int at = row * metrics.length + m;
        values[at] = rs.getDouble(m + 3);
        if (rs.wasNull()) {
          nulls.set(at);
        }
      }
      row++;
    }
    return new QualityPoints(metrics, ts, samples, values, nulls);
  }

  static SerializableString[] names(String[] metrics) {
    SerializableString[] out = new SerializableString[metrics.length];
    for (int i = 0; i < metrics.length; i++) {
      out[i] = new SerializedString(metrics[i]);
    }
    return out;
  }

  public int size() {
    return ts.size();
  }

  @Override
  public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
    char[] scratch = new char[Math.max(Decimal3.MAX_CHARS, UtcSeconds.CHARS)];
    g.writeStartArray();
    for (int row = 0; row < ts.size(); row++) {
      g.writeStartObject();
      g.writeFieldName(TS);
      writeTimestamp(g, ts.get(row), scratch);
      g.writeFieldName(SAMPLES);
      g.writeNumber(samples[row]);
      for (int m = 0; m < metrics.length; m++) {
        int at = row * metrics.length + m;
        g.writeFieldName(metrics[m]);
        if (nulls.get(at)) {
          g.writeNull();
        } else {
          Decimal3.write(g, values[at], scratch);
        }
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeTimestamp(JsonGenerator g, Instant t, char[] scratch) throws IOException {
    if (t == null) {
      g.writeNull();
      return;
    }
    int len = UtcSeconds.format(t, scratch);
    if (len < 0) {
      g.writeString(t.toString());
    } else {
      g.writeString(scratch, 0, len);
    }
  }

  /** The API's mapper adds no type ids (no default typing), so the plain form is the only form. */
  @Override
  public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer typeSer)
      throws IOException {
    serialize(g, provider);
  }
}
