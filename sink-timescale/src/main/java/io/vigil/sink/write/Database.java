package io.vigil.sink.write;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.Executors;

/**
 * The sink's one connection to PostgreSQL: opened on demand, dropped after a database failure so the next attempt
 * reconnects. Timeouts are bounded so a hung server shows up as an error the writer can back off from.
 */
public final class Database implements AutoCloseable {
  private final String url;
  private final Properties props = new Properties();
  private Connection connection;

  public Database(String url, String user, String password) {
    this.url = url;
    props.setProperty("user", user);
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("ApplicationName", "vigil-sink");
    props.setProperty("connectTimeout", "5");
    props.setProperty("socketTimeout", "60");
    props.setProperty("tcpKeepAlive", "true");
  }

  public String url() {
    return url;
  }

  public synchronized Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = DriverManager.getConnection(url, props);
      connection.setAutoCommit(false);
    }
    return connection;
  }

  /** Forgets the current connection after a failure; the server rolls back whatever it had open. */
  public synchronized void invalidate() {
    if (connection != null) {
      try {
        connection.abort(Executors.newSingleThreadExecutor());
      } catch (SQLException | RuntimeException e) {
        // Already broken: nothing more to release.
      }
      connection = null;
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Closing at shutdown; the server cleans up the session.
      }
      connection = null;
    }
  }
}
