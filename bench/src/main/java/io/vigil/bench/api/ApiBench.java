package io.vigil.bench.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vigil.bench.cpu.ProcessCpu;
import io.vigil.bench.http.KeepAliveClient;
import io.vigil.devstack.simulator.Processes;
import io.vigil.testkit.postgres.Postgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Query API latency: N quality samples (default 10 M) with their 1-minute windows and 1-hour rollup in embedded
 * PostgreSQL, the real API in its own JVM (as ./vigil up runs it, JWT, tenant filter and rate-limit filter on), 50
 * concurrent closed-loop clients asking a random stream's quality over 1 h at 1 min buckets, then over 7 d at 1 h
 * buckets. Prints one JSON line with p50/p99 per query, and the CPU each process (API, PostgreSQL with its backends,
 * the clients) spent per request while measured: on a shared machine that figure moves less than latency does.
 * Usage: ApiBench [samples] [clients] [seconds_per_query] [streams]. VIGIL_BENCH_API_SAMPLES overrides the default
 * sample count for quick iterations through ./vigil bench (the figures report the count used; the target is 10 M).
 */
public final class ApiBench {
  private static final String SECRET = "bench-secret-for-vigil-query-api-0123456789";
  /** Result name and query string, in the order they run. */
  private static final List<Map.Entry<String, String>> QUERIES = List.of(
      Map.entry("quality_1h_1m", "?from=-1h&bucket=1m"), Map.entry("quality_7d_1h", "?from=-7d&bucket=1h"));
  private static final int JIT_WARM_UP_SECONDS = 60;
  private static final Path PROC = Path.of("/proc");

  private ApiBench() {}

  public static void main(String[] args) throws Exception {
    long samples = args.length > 0 ? Long.parseLong(args[0])
        : Long.parseLong(System.getenv().getOrDefault("VIGIL_BENCH_API_SAMPLES", "10000000"));
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    int streams = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    Path root = Path.of(System.getProperty("vigil.root", ".")).toAbsolutePath().normalize();
    Postgres pg = Postgres.shared();
    String db = pg.newDatabase();
    long t0 = System.nanoTime();
    long rows;
    Map<String, Long> allVisible;
    try (Connection c = pg.connect(db)) {
      BenchData.schema(c, root.resolve("sink-timescale/src/main/resources/db/migration"));
      rows = BenchData.samples(c, streams, samples);
      BenchData.windowsAndRollup(c);
      allVisible = BenchData.allVisiblePercent(c);
    }
    long loadSeconds = Math.round((System.nanoTime() - t0) / 1e9);
    System.err.printf("loaded %,d samples in %d s%n", rows, loadSeconds);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("samples", rows);
    result.put("streams", streams);
    result.put("clients", clients);
    result.put("load_s", loadSeconds);
    result.put("all_visible_pct", allVisible);
    try (ApiProcess api = ApiProcess.start(root, pg.jdbcUrl(db), SECRET)) {
      Map<String, Long> processes = processes(api, pg, db);
      result.put("db_pool", api.poolSize());
      result.put("client", "keep-alive HTTP/1.1, one connection per client");
      result.put("jit_warm_up_s", JIT_WARM_UP_SECONDS);
      String token = token();
      // The API's JVM is fresh. Under this load it spent ~45 s of CPU compiling in its first minute (jstat -compiler)
      // on the same two cores, which used to land inside the first query's measured window. A production API runs
      // warm, so both queries run unmeasured until compilation settles (~60 s) before anything is measured.
      for (Map.Entry<String, String> q : QUERIES) {
        run(api.port(), token, clients, 0, JIT_WARM_UP_SECONDS / QUERIES.size(), streams, q.getValue(), processes);
      }
      for (Map.Entry<String, String> q : QUERIES) {
        result.put(q.getKey(), run(api.port(), token, clients, 5, seconds, streams, q.getValue(), processes));
      }
    }
    result.put("target", "p99 <= 50 ms");
    System.out.println(new ObjectMapper().writeValueAsString(result));
    System.exit(0);
  }

  /** The API's JVM, PostgreSQL's postmaster (its backends are counted with it) and this JVM (the clients). */
  private static Map<String, Long> processes(ApiProcess api, Postgres pg, String db) throws Exception {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("api", api.pid());
    try (Connection c = pg.connect(db); var s = c.createStatement();
         var rs = s.executeQuery("SHOW data_directory")) {
      rs.next();
      // pg_ctl daemonises the postmaster, so it is found by its data directory.
      Processes.findByCmdline(rs.getString(1)).ifPresent(pid -> out.put("postgres", pid));
    }
    out.put("clients", ProcessHandle.current().pid());
    return out;
  }

  /** Runs the clients for warmSeconds unmeasured, then measures every request of every client for seconds. */
  static Map<String, Object> run(int port, String token, int clients, int warmSeconds, int seconds, int streams,
      String query, Map<String, Long> processes) throws Exception {
    long warmUntil = System.nanoTime() + Duration.ofSeconds(warmSeconds).toNanos();
    long endAt = warmUntil + Duration.ofSeconds(seconds).toNanos();
    AtomicLong errors = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<long[]>> futures = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      futures.add(pool.submit(() -> {
        long[] lat = new long[1 << 16];
        int n = 0;
        try (KeepAliveClient http = new KeepAliveClient("127.0.0.1", port)) {
          while (System.nanoTime() < endAt) {
            String stream = "bench-" + ThreadLocalRandom.current().nextInt(streams);
            long s = System.nanoTime();
            boolean ok;
            try {
              KeepAliveClient.Response r = http.get("/streams/" + stream + "/quality-metrics" + query,
                  "Bearer " + token);
              ok = r.status() == 200 && r.body().contains("\"points\":[{");
            } catch (java.io.IOException e) {
              ok = false;
            }
            long e = System.nanoTime();
            if (!ok) {
              errors.incrementAndGet();
            }
            if (s >= warmUntil && n < lat.length) {
              lat[n++] = e - s;
            }
          }
        }
        return Arrays.copyOf(lat, n);
      }));
    }
    Thread.sleep(Math.max(0, (warmUntil - System.nanoTime()) / 1_000_000));
    Map<String, Double> cpuBefore = ProcessCpu.seconds(processes, PROC);
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> f : futures) {
      all.add(f.get());
    }
    Map<String, Double> cpuAfter = ProcessCpu.seconds(processes, PROC);
    pool.shutdown();
    long[] lat = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("requests", lat.length);
    r.put("errors", errors.get());
    r.put("rps", Math.round(lat.length / (double) seconds));
    r.put("p50_ms", ms(lat, 0.50));
    r.put("p99_ms", ms(lat, 0.99));
    r.put("max_ms", lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6);
    Map<String, Object> cpuPerRequest = new LinkedHashMap<>();
    cpuAfter.forEach((name, after) -> {
      Double before = cpuBefore.get(name);
      if (before != null && lat.length > 0) {
        cpuPerRequest.put(name, Math.round((after - before) / lat.length * 1e6));
      }
    });
    r.put("cpu_us_per_request", cpuPerRequest);
    r.put("cores", ProcessCpu.cores(cpuBefore, cpuAfter, seconds));
    System.err.println(query + " -> " + r);
    return r;
  }

  private static double ms(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return Math.round(sorted[Math.max(0, i)] / 1e4) / 100.0;
  }

  private static String token() throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("bench").claim("roles", List.of("viewer"))
        .expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(SECRET));
    return jwt.serialize();
  }
}
