package io.vigil.queryapi.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A statement assembled from constant fragments with every value bound as a parameter; user input never becomes
 * SQL text.
 */
public final class Sql {
  private final StringBuilder text = new StringBuilder();
  private final List<Object> params = new ArrayList<>();

  public Sql(String start, Object... values) {
    text.append(start);
    params.addAll(java.util.Arrays.asList(values));
  }

  public Sql add(String fragment, Object... values) {
    text.append(' ').append(fragment);
    params.addAll(java.util.Arrays.asList(values));
    return this;
  }

  /** Adds the fragment only when the value is present. */
  public Sql addIf(Optional<?> value, String fragment) {
    value.ifPresent(v -> add(fragment, v));
    return this;
  }

  public String text() {
    return text.toString();
  }

  public List<Object> params() {
    return params;
  }
}
