package io.vigil.alerting.silence;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Polls the silences table every few seconds so API changes apply quickly; keeps the last good set on errors. */
public final class SilenceWatcher implements Supplier<SilenceSet>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SilenceWatcher.class);
  private final SilenceRepository repository;
  private final AtomicReference<SilenceSet> current = new AtomicReference<>(SilenceSet.EMPTY);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "silence-watcher");
    t.setDaemon(true);
    return t;
  });

  public SilenceWatcher(SilenceRepository repository, long periodMillis) {
    this.repository = repository;
    refresh();
    timer.scheduleWithFixedDelay(this::refresh, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  public void refresh() {
    try {
      SilenceSet next = repository.loadActive();
      if (next.silences().size() != current.get().silences().size()) {
        LOG.info("{} silence(s) in force", next.silences().size());
      }
      current.set(next);
    } catch (Exception e) {
      LOG.warn("cannot read silences, keeping the previous {}: {}", current.get().silences().size(), e.getMessage());
    }
  }

  @Override
  public SilenceSet get() {
    return current.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
