package io.vigil.sink.write;

import io.vigil.sink.rows.Row;
import java.util.List;

/** Encodes rows in PostgreSQL's COPY text format (tab-separated, \N for NULL, backslash escapes). Pure. */
public final class CopyText {
  private CopyText() {}

  public static String encode(List<Row> rows) {
    StringBuilder sb = new StringBuilder(rows.size() * 256);
    for (Row row : rows) {
      String[] values = row.values();
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          sb.append('\t');
        }
        appendValue(sb, values[i]);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static void appendValue(StringBuilder sb, String v) {
    if (v == null) {
      sb.append("\\N");
      return;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
  }
}
