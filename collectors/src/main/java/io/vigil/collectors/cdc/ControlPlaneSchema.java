package io.vigil.collectors.cdc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The simulated control plane's tables (cdc/controlplane.sql), created idempotently for the dev stack and tests. */
public final class ControlPlaneSchema {
  public static final String RESOURCE = "cdc/controlplane.sql";

  private ControlPlaneSchema() {}

  public static String sql() {
    try (InputStream in = ControlPlaneSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  public static void apply(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql());
    }
  }
}
