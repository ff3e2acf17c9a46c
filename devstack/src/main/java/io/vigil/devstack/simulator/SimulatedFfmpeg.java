package io.vigil.devstack.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for {@code ffmpeg} on a machine without it, so the dev stack's FFmpeg jobs and scenarios still run: a
 * real process taking the command line of an {@link FfmpegJobs} job, writing {@code -progress} blocks in FFmpeg's real
 * format every 0.5 s (to stdout for {@code pipe:1}, or to {@code tcp://host:port}) and an HLS playlist of one-second
 * segments. The collector supervises it, samples its /proc and sees its exit code like FFmpeg's; SIGSTOP (the
 * overload scenario) slows its reported speed, SIGKILL (the crash scenario) kills it. No media is encoded.
 */
public final class SimulatedFfmpeg {
  private static final long PERIOD_MS = 500;
  private static final int LIST_SIZE = 6;
  private static final Pattern RATE = Pattern.compile("rate=(\\d+(?:\\.\\d+)?)");

  /** What the command line asks for: where progress goes, the input frame rate, and the output playlist. */
  record Invocation(String progress, double fps, Path playlist) {
    static Invocation parse(String[] args) {
      String progress = null;
      double fps = 25;
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("-progress") && i + 1 < args.length) {
          progress = args[++i];
        } else {
          Matcher m = RATE.matcher(args[i]);
          if (args[i].startsWith("testsrc") && m.find()) {
            fps = Double.parseDouble(m.group(1));
          }
        }
      }
      if (args.length == 0 || !args[args.length - 1].endsWith(".m3u8")) {
        throw new IllegalArgumentException("usage: simulated-ffmpeg [ffmpeg options] OUTPUT.m3u8 (it writes HLS only)");
      }
      return new Invocation(progress, fps, Path.of(args[args.length - 1]));
    }
  }

  public static void main(String[] args) throws Exception {
    Invocation inv;
    try {
      inv = Invocation.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    }
    try (OutputStream progress = open(inv.progress())) {
      run(inv, progress == null ? null : new PrintStream(progress, true, StandardCharsets.US_ASCII));
    }
  }

  private static OutputStream open(String url) throws IOException {
    if (url == null) {
      return null;
    }
    if (url.equals("pipe:1") || url.equals("pipe:") || url.equals("-")) {
      return System.out;
    }
    if (url.startsWith("tcp://")) {
      URI u = URI.create(url);
      return new Socket(u.getHost(), u.getPort()).getOutputStream();
    }
    throw new IllegalArgumentException("unsupported -progress URL " + url);
  }

  private static void run(Invocation inv, PrintStream progress) throws IOException, InterruptedException {
    long start = System.nanoTime();
    MediaClock clock = new MediaClock(start);
    Files.createDirectories(inv.playlist().toAbsolutePath().getParent());
    Deque<Long> segments = new ArrayDeque<>();
    long written = 0;
    while (true) {
      long now = System.nanoTime();
      double media = clock.advance(now);
      for (; written + 1 <= (long) media; written++) {
        segments.addLast(written);
        if (segments.size() > LIST_SIZE) {
          Files.deleteIfExists(segment(inv.playlist(), segments.removeFirst()));
        }
        Files.write(segment(inv.playlist(), written), new byte[188]);
        writePlaylist(inv.playlist(), segments);
      }
      if (progress != null) {
        double wallS = (now - start) / 1e9;
        long frame = (long) (media * inv.fps());
        progress.print(ProgressFormat.block(frame, wallS > 0 ? frame / wallS : 0, (long) (media * 1e6),
            clock.speed(now), false));
        if (progress.checkError()) {
          return; // whoever read our progress is gone, as FFmpeg would end on a broken pipe
        }
      }
      Thread.sleep(PERIOD_MS);
    }
  }

  private static Path segment(Path playlist, long n) {
    return playlist.resolveSibling("index" + n + ".ts");
  }

  /** Replaced atomically, as FFmpeg's HLS muxer does with {@code .tmp} files, so readers never see half a list. */
  private static void writePlaylist(Path playlist, Deque<Long> segments) throws IOException {
    StringBuilder m3u8 = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n")
        .append("#EXT-X-MEDIA-SEQUENCE:").append(segments.peekFirst()).append('\n');
    for (long s : segments) {
      m3u8.append("#EXTINF:1.000000,\nindex").append(s).append(".ts\n");
    }
    Path tmp = playlist.resolveSibling(playlist.getFileName() + ".tmp");
    Files.writeString(tmp, m3u8);
    Files.move(tmp, playlist, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private SimulatedFfmpeg() {}
}
