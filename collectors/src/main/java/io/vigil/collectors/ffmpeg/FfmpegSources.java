package io.vigil.collectors.ffmpeg;

import io.micronaut.context.annotation.Context;
import io.vigil.collectors.config.AgentConfig;
import io.vigil.collectors.delivery.RecordSink;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts a supervisor for every FFmpeg in the config's {@code ffmpeg:} list that has a command, at agent start. */
@Context
public class FfmpegSources implements io.vigil.collectors.commands.CollectNowHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FfmpegSources.class);
  private final List<FfmpegSupervisor> running = new ArrayList<>();

  public FfmpegSources(AgentConfig config, RecordSink sink, AtomicLong seq) {
    for (AgentConfig.FfmpegProcess p : config.ffmpeg()) {
      if (p.command().isEmpty()) {
        LOG.warn("ffmpeg '{}' has no command: only supervised mode is implemented, skipping", p.name());
        continue;
      }
      FfmpegSupervisor s = new FfmpegSupervisor(new FfmpegSupervisor.Spec(p.name(), p.streamId(), p.command(),
          Duration.ofSeconds(1), p.stallAfter(), true, config.nodeId(), config.tenant()), sink, seq, new ProcReader());
      s.start();
      running.add(s);
    }
  }

  @Override
  public int collectNow(String streamId) {
    int n = 0;
    for (FfmpegSupervisor s : running) {
      if ((streamId == null || streamId.equals(s.streamId())) && s.reportNow()) {
        n++;
      }
    }
    return n;
  }

  @PreDestroy
  void stop() {
    running.forEach(FfmpegSupervisor::close);
  }
}
