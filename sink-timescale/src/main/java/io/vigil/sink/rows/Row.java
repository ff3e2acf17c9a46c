package io.vigil.sink.rows;

/**
 * One row for one table, every value already in PostgreSQL's text form (null = SQL NULL), plus the Kafka record it
 * came from so a rejected row can go to the dead-letter topic as the original bytes.
 */
public record Row(Table table, String[] values, SourceRecord source) {
  public Row {
    if (values.length != table.columns().size()) {
      throw new IllegalArgumentException(table + " expects " + table.columns().size() + " values, got " + values.length);
    }
  }
}
