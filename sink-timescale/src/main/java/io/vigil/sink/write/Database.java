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
    // A batch commits together with its offsets, so a commit the server loses in a crash takes its offsets with it:
    // the sink finds sink_offsets behind what it expected, drops its view (fencing) and reads those records again.
    // Nothing is lost or duplicated, and the batch loop no longer waits for each commit's WAL flush (megabytes of WAL
    // at 20,000 rows/s) before it can start the next batch.
    props.setProperty("options", "-c synchronous_commit=off");
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
