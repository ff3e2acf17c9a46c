package io.vigil.devstack.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDatabaseTest {
  @TempDir
  Path dir;

  @Test
  void createsBothDatabasesWithCCollationAndUtf8() throws Exception {
    try (LocalDatabase db = LocalDatabase.start(dir.resolve("pg"), io.vigil.devstack.ports.Ports.free(),
        LocalDatabase.VIGIL_DB, LocalDatabase.CONTROL_PLANE_DB)) {
      for (String name : new String[] {LocalDatabase.VIGIL_DB, LocalDatabase.CONTROL_PLANE_DB}) {
        try (Connection c = db.connect(name); Statement s = c.createStatement()) {
          ResultSet rs = s.executeQuery("SELECT datcollate, pg_encoding_to_char(encoding) FROM pg_database"
              + " WHERE datname = current_database()");
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("C");
          assertThat(rs.getString(2)).isEqualTo("UTF8");
          rs = s.executeQuery("SELECT 'Küche ☕' = 'Küche ☕', 'B' < 'a'");
          rs.next();
          assertThat(rs.getBoolean(1)).as("non-ASCII text stored and compared").isTrue();
          assertThat(rs.getBoolean(2)).as("code point order").isTrue();
          rs = s.executeQuery("SELECT current_setting('max_wal_size'), current_setting('checkpoint_timeout')");
          rs.next();
          assertThat(rs.getString(1)).isEqualTo("2GB");
          assertThat(rs.getString(2)).isEqualTo("15min");
        }
      }
    }
    assertThat(Files.exists(dir.resolve("pg").resolve("PG_VERSION"))).isTrue();
  }

  @Test
  void aDataDirectoryKeepsItsServerIdentityAcrossRestartsAndANewOneGetsAnother() throws Exception {
    long first;
    try (LocalDatabase db = LocalDatabase.start(dir.resolve("a"), io.vigil.devstack.ports.Ports.free())) {
      first = db.systemIdentifier();
    }
    try (LocalDatabase again = LocalDatabase.start(dir.resolve("a"), io.vigil.devstack.ports.Ports.free())) {
      assertThat(again.systemIdentifier()).isEqualTo(first);
    }
    try (LocalDatabase other = LocalDatabase.start(dir.resolve("b"), io.vigil.devstack.ports.Ports.free())) {
      assertThat(other.systemIdentifier()).isNotEqualTo(first);
    }
  }
}
