package io.vigil.queryapi.sql;

import io.vigil.queryapi.problem.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Validated limit/offset pagination and the page envelope ({@code items}, {@code next_offset}). */
public record Paging(int limit, long offset) {
  public static final int MAX_LIMIT = 1000;

  public static Paging of(Integer limit, Long offset) {
    int l = limit == null ? 100 : limit;
    long o = offset == null ? 0 : offset;
    if (l < 1 || l > MAX_LIMIT) {
      throw ApiException.badParam("limit", "limit must be between 1 and " + MAX_LIMIT);
    }
    if (o < 0) {
      throw ApiException.badParam("offset", "offset must be >= 0");
    }
    return new Paging(l, o);
  }

  /** Appends LIMIT/OFFSET, fetching one extra row to know whether a next page exists. */
  public Sql apply(Sql sql) {
    return sql.add("LIMIT ? OFFSET ?", limit + 1, offset);
  }

  public Map<String, Object> page(List<Map<String, Object>> rows) {
    Map<String, Object> out = new LinkedHashMap<>();
    boolean more = rows.size() > limit;
    out.put("items", more ? rows.subList(0, limit) : rows);
    out.put("count", Math.min(rows.size(), limit));
    out.put("next_offset", more ? offset + limit : null);
    return out;
  }
}
