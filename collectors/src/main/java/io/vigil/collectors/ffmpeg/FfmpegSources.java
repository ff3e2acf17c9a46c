package io.vigil.collectors.ffmpeg;

import io.micronaut.context.annotation.Context;
import io.vigil.collectors.config.AgentConfig;
import io.vigil.collectors.delivery.RecordSink;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a watcher for every FFmpeg in the config's {@code ffmpeg:} list at agent start: a {@link FfmpegSupervisor}
 * for {@code mode: supervised} (progress over pipe or tcp), a {@link FfmpegAttachment} for {@code pidfile} and
 * {@code cmdline} (progress over tcp or none). An invalid entry is logged and skipped, never fatal for the agent.
 */
@Context
public class FfmpegSources implements io.vigil.collectors.commands.CollectNowHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FfmpegSources.class);
  private final List<FfmpegSupervisor> running = new ArrayList<>();
  private final List<FfmpegAttachment> attached = new ArrayList<>();

  public FfmpegSources(AgentConfig config, RecordSink sink, AtomicLong seq) {
    for (AgentConfig.FfmpegProcess p : config.ffmpeg()) {
      try {
        start(p, config, sink, seq);
      } catch (IllegalArgumentException | IOException e) {
        LOG.warn("ffmpeg '{}' skipped: {}", p.name(), e.getMessage());
      }
    }
  }

  private void start(AgentConfig.FfmpegProcess p, AgentConfig config, RecordSink sink, AtomicLong seq)
      throws IOException {
    String progress = p.progress() == null ? "pipe" : p.progress();
    switch (p.mode() == null ? "supervised" : p.mode()) {
      case "supervised" -> {
        if (p.command().isEmpty()) {
          throw new IllegalArgumentException("mode supervised needs a command");
        }
        FfmpegSupervisor.Progress pr = switch (progress) {
          case "pipe" -> FfmpegSupervisor.Progress.pipe;
          case "tcp" -> FfmpegSupervisor.Progress.tcp;
          default -> throw new IllegalArgumentException("progress must be pipe or tcp for supervised, not " + progress);
        };
        FfmpegSupervisor s = new FfmpegSupervisor(new FfmpegSupervisor.Spec(p.name(), p.streamId(), p.command(),
            Duration.ofSeconds(1), p.stallAfter(), true, config.nodeId(), config.tenant(), pr,
            p.progressPort() == null ? 0 : p.progressPort()), sink, seq, new ProcReader());
        s.start();
        running.add(s);
      }
      case "pidfile", "cmdline" -> {
        Integer port = switch (progress) {
          case "none" -> null;
          case "tcp" -> {
            if (p.progressPort() == null || p.progressPort() <= 0) {
              throw new IllegalArgumentException("progress tcp of an attached process needs a fixed progress_port "
                  + "(the one in its -progress tcp://127.0.0.1:PORT)");
            }
            yield p.progressPort();
          }
          default -> throw new IllegalArgumentException("progress must be tcp or none for an attached process "
              + "(its stdout is not ours), not " + progress);
        };
        Pattern regex;
        try {
          regex = p.cmdlineRegex() == null ? null : Pattern.compile(p.cmdlineRegex());
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException("bad cmdline_regex: " + e.getDescription());
        }
        FfmpegAttachment a = new FfmpegAttachment(new FfmpegAttachment.Spec(p.name(), p.streamId(),
            FfmpegAttachment.Mode.valueOf(p.mode()), p.pidFile(), regex, port, Duration.ofSeconds(1), p.stallAfter(),
            Duration.ofMillis(100), config.nodeId(), config.tenant()), sink, seq, new ProcReader());
        a.start();
        attached.add(a);
      }
      default -> throw new IllegalArgumentException("mode must be supervised, pidfile or cmdline, not " + p.mode());
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
    for (FfmpegAttachment a : attached) {
      if ((streamId == null || streamId.equals(a.streamId())) && a.reportNow()) {
        n++;
      }
    }
    return n;
  }

  @PreDestroy
  void stop() {
    running.forEach(FfmpegSupervisor::close);
    attached.forEach(FfmpegAttachment::close);
  }
}
