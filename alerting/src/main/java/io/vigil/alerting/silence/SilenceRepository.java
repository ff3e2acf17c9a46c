package io.vigil.alerting.silence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.alerting.route.LabelMatcher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads unexpired silences from PostgreSQL (written by the API); a malformed row is skipped and logged, not fatal. */
public final class SilenceRepository {
  private static final Logger LOG = LoggerFactory.getLogger(SilenceRepository.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final DataSource dataSource;

  public SilenceRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public SilenceSet loadActive() throws SQLException {
    List<Silence> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement(
             "SELECT id, tenant, matchers::text, starts_at, ends_at, created_by FROM silences WHERE ends_at > now()");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String id = rs.getString(1);
        try {
          out.add(new Silence(id, rs.getString(2), parseMatchers(rs.getString(3)),
              rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), rs.getString(6)));
        } catch (RuntimeException | java.io.IOException e) {
          LOG.warn("silence {} has invalid matchers, ignored: {}", id, e.getMessage());
        }
      }
    }
    return new SilenceSet(List.copyOf(out));
  }

  /** Matchers as stored by the API: {@code [{"label":..,"op":"eq|ne|re|nre","value":..}]}. */
  public static List<LabelMatcher> parseMatchers(String json) throws java.io.IOException {
    List<LabelMatcher> out = new ArrayList<>();
    for (JsonNode m : JSON.readTree(json)) {
      String op = m.path("op").asText("eq");
      out.add(LabelMatcher.of(m.path("label").asText(), LabelMatcher.Op.valueOf(op), m.path("value").asText()));
    }
    return out;
  }
}
