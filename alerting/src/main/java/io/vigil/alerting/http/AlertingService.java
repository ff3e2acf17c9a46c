package io.vigil.alerting.http;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.vigil.alerting.config.AlertingConfig;
import io.vigil.alerting.config.ConfigLoader;
import io.vigil.alerting.notify.DeliveryStats;
import io.vigil.alerting.runtime.AlertingRuntime;
import io.vigil.alerting.runtime.Settings;
import jakarta.annotation.PreDestroy;
import io.micronaut.context.env.Environment;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Starts the alerting runtime with the service and stops it gracefully on shutdown; config errors stop startup. */
@Context
@Requires(property = "vigil.alerting.enabled", notEquals = "false")
public class AlertingService {
  private final HikariDataSource dataSource;
  private final AlertingRuntime runtime;

  public AlertingService(Environment environment) {
    // VIGIL_KAFKA_BOOTSTRAP and friends are environment variables; Micronaut also exposes them as properties
    // (vigil.kafka.bootstrap), which lets tests and application.yml set them too.
    Function<String, String> lookup = name -> environment.getProperty(
        name.toLowerCase(Locale.ROOT).replace('_', '.'), String.class).orElse(System.getenv(name));
    Map<String, String> env = new HashMap<>();
    for (String name : Settings.VARIABLES) {
      String v = lookup.apply(name);
      if (v != null) {
        env.put(name, v);
      }
    }
    Settings s = Settings.fromEnv(env);
    AlertingConfig config = ConfigLoader.load(Path.of(s.configPath()), lookup);
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(s.dbUrl());
    hc.setUsername(s.dbUser());
    hc.setPassword(s.dbPassword());
    hc.setMaximumPoolSize(4);
    hc.setPoolName("alerting");
    this.dataSource = new HikariDataSource(hc);
    this.runtime = new AlertingRuntime(s, config, dataSource);
  }

  public DeliveryStats stats() {
    return runtime.stats();
  }

  public int groups() {
    return runtime.owner().groupCount();
  }

  @PreDestroy
  public void stop() {
    runtime.close();
    dataSource.close();
  }
}
