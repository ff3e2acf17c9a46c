package io.vigil.schemas.health;

import java.util.Map;

/** The port of a worker's /health endpoint from its environment variable: a number, "0" or "off" (disabled). */
public final class HealthPort {
  private HealthPort() {}

  /** The port, the default when the variable is unset, or 0 when disabled; a clear error for anything else. */
  public static int fromEnv(Map<String, String> env, String variable, int defaultPort) {
    String v = env.get(variable);
    if (v == null || v.isBlank()) {
      return defaultPort;
    }
    if ("off".equalsIgnoreCase(v.trim())) {
      return 0;
    }
    try {
      int port = Integer.parseInt(v.trim());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below with the variable's name
    }
    throw new IllegalArgumentException(variable + " must be a port number or 'off', got '" + v + "'");
  }
}
