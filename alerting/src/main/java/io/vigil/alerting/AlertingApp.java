package io.vigil.alerting;

import io.micronaut.runtime.Micronaut;

/** Main class of the alerting service: a Micronaut app (health, /status) around {@link AlertingService}. */
public final class AlertingApp {
  private AlertingApp() {}

  public static void main(String[] args) {
    Micronaut.build(args).mainClass(AlertingApp.class).banner(false).start();
  }
}
