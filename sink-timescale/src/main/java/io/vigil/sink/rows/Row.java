package io.vigil.sink.rows;

/**
 * One row for one table, values as {@link Values} normalises them (null = SQL NULL, JSON as text), plus the Kafka
 * record it came from so a rejected row can go to the dead-letter topic as the original bytes.
 */
public record Row(Table table, Object[] values, SourceRecord source) {
  public Row {
    if (values.length != table.columns().size()) {
      throw new IllegalArgumentException(table + " expects " + table.columns().size() + " values, got " + values.length);
    }
  }
}
