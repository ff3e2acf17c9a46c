package io.vigil.collectors.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded write-ahead spool on local disk: records are appended to segment files, read back in order, and
 * acknowledged once Kafka has them. When the spool exceeds its size the oldest segment is dropped and its
 * unacknowledged records are counted. Writes go straight to the OS (no user-space buffer), so an appended record
 * survives a kill -9 of the agent. With {@code fsync} each append (and each new segment's directory entry) is also
 * forced to the device before it returns, so it survives a power loss too, at the price of a disk flush per append.
 */
public final class DiskSpool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DiskSpool.class);
  private static final String SUFFIX = ".seg";
  private static final int READ_CHUNK = 1024 * 1024;

  private final Path dir;
  private final long maxBytes;
  private final long segmentBytes;
  private final boolean fsync;
  private long syncs;
  private final TreeMap<Long, Segment> segments = new TreeMap<>();
  private FileChannel active;
  private long activeId;
  private FileChannel reader;
  private long readerId = -1;
  private SpoolPosition acked;
  private long pending;
  private long dropped;
  private long appended;
  private long totalBytes;

  /** One entry returned by {@link #read}: the record and the position just after it. */
  public record Entry(SpoolRecord record, SpoolPosition next) {}

  private static final class Segment {
    long bytes;
    long records;
    long ackedRecords;
  }

  public DiskSpool(Path dir, long maxBytes, long segmentBytes) {
    this(dir, maxBytes, segmentBytes, false);
  }

  public DiskSpool(Path dir, long maxBytes, long segmentBytes, boolean fsync) {
    if (segmentBytes <= 0 || maxBytes < segmentBytes) {
      throw new IllegalArgumentException("spool needs 0 < segmentBytes <= maxBytes, got " + segmentBytes + "/" + maxBytes);
    }
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.segmentBytes = segmentBytes;
    this.fsync = fsync;
    try {
      Files.createDirectories(dir);
      recover();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open spool " + dir + ": " + e.getMessage(), e);
    }
  }

  private void recover() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
        String name = p.getFileName().toString();
        long id = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        segments.put(id, scan(p));
      }
    }
    acked = readCursor();
    if (!segments.isEmpty() && acked.segment() < segments.firstKey()) {
      acked = new SpoolPosition(segments.firstKey(), 0);
    }
    for (Map.Entry<Long, Segment> e : segments.entrySet()) {
      Segment s = e.getValue();
      if (e.getKey() < acked.segment()) {
        s.ackedRecords = s.records;
      } else if (e.getKey() == acked.segment()) {
        s.ackedRecords = countFramesBefore(segmentPath(e.getKey()), acked.offset());
      }
      pending += s.records - s.ackedRecords;
      totalBytes += s.bytes;
    }
    // Always start a fresh segment: never append after a tail that a crash may have torn.
    activeId = segments.isEmpty() ? Math.max(1, acked.segment()) : segments.lastKey() + 1;
    openActive();
    if (acked.segment() == 0) {
      acked = new SpoolPosition(segments.firstKey(), 0);
    }
    if (pending > 0) {
      LOG.info("spool {} recovered {} unacknowledged records in {} segments", dir, pending, segments.size());
    }
  }

  private void openActive() throws IOException {
    Path p = segmentPath(activeId);
    active = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    segments.put(activeId, new Segment());
    if (fsync) {
      // A synced record in a file whose directory entry was lost is lost too.
      forceDirectory();
    }
  }

  private void forceDirectory() throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  /** Counts whole frames and truncates a torn or corrupt tail. */
  private static Segment scan(Path p) throws IOException {
    Segment s = new Segment();
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long pos = 0;
      ByteBuffer header = ByteBuffer.allocate(SpoolCodec.FRAME_HEADER);
      while (pos < size) {
        long frameEnd = validFrameEnd(ch, pos, size, header);
        if (frameEnd < 0) {
          LOG.warn("spool segment {} has a damaged tail at byte {} of {}: truncating", p, pos, size);
          ch.truncate(pos);
          break;
        }
        s.records++;
        pos = frameEnd;
      }
      s.bytes = pos;
    }
    return s;
  }

  private static long validFrameEnd(FileChannel ch, long pos, long size, ByteBuffer header) throws IOException {
    if (size - pos < SpoolCodec.FRAME_HEADER) {
      return -1;
    }
    header.clear();
    ch.read(header, pos);
    int len = header.getInt(0);
    if (len < 6 || len > SpoolCodec.MAX_FRAME || pos + SpoolCodec.FRAME_HEADER + len > size) {
      return -1;
    }
    ByteBuffer frame = ByteBuffer.allocate(SpoolCodec.FRAME_HEADER + len);
    ch.read(frame, pos);
    frame.flip();
    try {
      SpoolCodec.decode(frame);
    } catch (SpoolCodec.CorruptFrame e) {
      return -1;
    }
    return pos + SpoolCodec.FRAME_HEADER + len;
  }

  private static long countFramesBefore(Path p, long offset) throws IOException {
    long n = 0;
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(4);
      long pos = 0;
      while (pos < offset) {
        header.clear();
        ch.read(header, pos);
        pos += SpoolCodec.FRAME_HEADER + header.getInt(0);
        n++;
      }
    }
    return n;
  }

  /** Appends records in order with one write; drops the oldest segments if the spool grows past its bound. */
  public synchronized void append(List<SpoolRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    int size = 0;
    for (SpoolRecord r : records) {
      size += SpoolCodec.frameSize(r);
    }
    ByteBuffer buf = ByteBuffer.allocate(size);
    for (SpoolRecord r : records) {
      SpoolCodec.encode(r, buf);
    }
    buf.flip();
    try {
      Segment seg = segments.get(activeId);
      if (seg.bytes > 0 && seg.bytes + size > segmentBytes) {
        active.close();
        activeId++;
        openActive();
        seg = segments.get(activeId);
      }
      while (buf.hasRemaining()) {
        active.write(buf);
      }
      if (fsync) {
        active.force(false);
        syncs++;
      }
      seg.bytes += size;
      seg.records += records.size();
      totalBytes += size;
      pending += records.size();
      appended += records.size();
      while (totalBytes > maxBytes && segments.size() > 1) {
        dropOldest();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("spool write failed in " + dir + ": " + e.getMessage(), e);
    }
    notifyAll();
  }

  private void dropOldest() throws IOException {
    Map.Entry<Long, Segment> first = segments.pollFirstEntry();
    Segment s = first.getValue();
    long lost = s.records - s.ackedRecords;
    dropped += lost;
    pending -= lost;
    totalBytes -= s.bytes;
    closeReaderIf(first.getKey());
    Files.deleteIfExists(segmentPath(first.getKey()));
    if (acked.segment() <= first.getKey()) {
      acked = new SpoolPosition(segments.firstKey(), 0);
    }
    LOG.warn("spool {} full ({} bytes > {}): dropped oldest segment with {} unsent records", dir, totalBytes + s.bytes,
        maxBytes, lost);
  }

  /**
   * Reads up to {@code max} records starting at {@code from} (a position from an earlier read, or {@link #acked()}).
   * Positions in dropped segments continue at the oldest segment still present.
   */
  public synchronized List<Entry> read(SpoolPosition from, int max) {
    List<Entry> out = new ArrayList<>(Math.min(max, 1024));
    SpoolPosition pos = from;
    if (segments.isEmpty()) {
      return out;
    }
    if (pos.segment() < segments.firstKey()) {
      pos = new SpoolPosition(segments.firstKey(), 0);
    }
    try {
      while (out.size() < max) {
        Segment seg = segments.get(pos.segment());
        if (seg == null) {
          Long next = segments.higherKey(pos.segment());
          if (next == null) {
            break;
          }
          pos = new SpoolPosition(next, 0);
          continue;
        }
        if (pos.offset() >= seg.bytes) {
          Long next = segments.higherKey(pos.segment());
          if (next == null) {
            break;
          }
          pos = new SpoolPosition(next, 0);
          continue;
        }
        FileChannel ch = readerFor(pos.segment());
        long avail = seg.bytes - pos.offset();
        ByteBuffer head = ByteBuffer.allocate(4);
        ch.read(head, pos.offset());
        int first = SpoolCodec.FRAME_HEADER + head.getInt(0);
        int chunk = (int) Math.min(avail, Math.max(READ_CHUNK, first));
        ByteBuffer buf = ByteBuffer.allocate(chunk);
        while (buf.hasRemaining()) {
          if (ch.read(buf, pos.offset() + buf.position()) < 0) {
            break;
          }
        }
        buf.flip();
        long base = pos.offset();
        while (out.size() < max) {
          SpoolRecord r = SpoolCodec.decode(buf);
          if (r == null) {
            break;
          }
          pos = new SpoolPosition(pos.segment(), base + buf.position());
          out.add(new Entry(r, pos));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("spool read failed in " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** Marks the record ending at {@code next} as delivered. Call in read order; stale positions are ignored. */
  public synchronized void acknowledge(SpoolPosition next) {
    Segment seg = segments.get(next.segment());
    if (seg == null || !next.isAfter(acked)) {
      return;
    }
    seg.ackedRecords++;
    pending--;
    if (next.segment() != acked.segment()) {
      deleteBefore(next.segment());
    }
    acked = next;
  }

  private void deleteBefore(long segment) {
    while (!segments.isEmpty() && segments.firstKey() < segment) {
      Map.Entry<Long, Segment> e = segments.pollFirstEntry();
      totalBytes -= e.getValue().bytes;
      closeReaderIf(e.getKey());
      try {
        Files.deleteIfExists(segmentPath(e.getKey()));
      } catch (IOException ex) {
        LOG.warn("could not delete delivered spool segment {}: {}", e.getKey(), ex.toString());
      }
    }
  }

  /** Persists the acknowledged position (atomic rename), so a restart does not resend delivered records. */
  public synchronized void persistCursor() {
    try {
      Path tmp = dir.resolve("cursor.tmp");
      Files.writeString(tmp, acked.segment() + " " + acked.offset() + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, dir.resolve("cursor"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.warn("could not persist spool cursor in {}: {}", dir, e.toString());
    }
  }

  private SpoolPosition readCursor() throws IOException {
    Path p = dir.resolve("cursor");
    if (!Files.exists(p)) {
      return SpoolPosition.START;
    }
    String[] parts = Files.readString(p, StandardCharsets.US_ASCII).trim().split(" ");
    try {
      return new SpoolPosition(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    } catch (RuntimeException e) {
      LOG.warn("unreadable spool cursor in {}: replaying from the oldest segment", dir);
      return SpoolPosition.START;
    }
  }

  /** Waits until records are appended or the timeout passes. */
  public synchronized void awaitAppend(SpoolPosition from, long timeoutMs) throws InterruptedException {
    Segment last = segments.get(activeId);
    boolean hasMore = from.segment() < activeId || (last != null && from.offset() < last.bytes);
    if (!hasMore) {
      wait(timeoutMs);
    }
  }

  public synchronized SpoolPosition acked() {
    return acked;
  }

  /** Records appended and not yet acknowledged (nor dropped). */
  public synchronized long pending() {
    return pending;
  }

  /** Unacknowledged records lost because the spool was full. */
  public synchronized long dropped() {
    return dropped;
  }

  /** Appends forced to the device (0 unless fsync is on). */
  public synchronized long syncs() {
    return syncs;
  }

  public synchronized long appended() {
    return appended;
  }

  public synchronized long bytes() {
    return totalBytes;
  }

  private FileChannel readerFor(long id) throws IOException {
    if (readerId != id) {
      closeReaderIf(readerId);
      reader = FileChannel.open(segmentPath(id), StandardOpenOption.READ);
      readerId = id;
    }
    return reader;
  }

  private void closeReaderIf(long id) {
    if (reader != null && readerId == id) {
      try {
        reader.close();
      } catch (IOException ignored) {
        // read-only channel: nothing to lose
      }
      reader = null;
      readerId = -1;
    }
  }

  private Path segmentPath(long id) {
    return dir.resolve(String.format("%020d%s", id, SUFFIX));
  }

  @Override
  public synchronized void close() {
    persistCursor();
    closeReaderIf(readerId);
    try {
      active.close();
    } catch (IOException e) {
      LOG.warn("closing spool segment: {}", e.toString());
    }
  }
}
