package io.vigil.testkit.kafka;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Stops the JVM-wide test broker when the JUnit session closes (registered through META-INF/services). */
public final class StopSharedBrokerAtEnd implements LauncherSessionListener {
  @Override
  public void launcherSessionClosed(LauncherSession session) {
    KafkaBroker.stopShared();
  }
}
