package io.vigil.schemas.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Confluent-compatible schema registry for the dev stack and tests: the REST subset Vigil's clients and Confluent's
 * {@code KafkaAvroDeserializer} use, with BACKWARD compatibility by default and every change kept in a {@link SchemaLog}.
 */
public final class RegistryHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final int MAX_BODY = 1 << 20;

  private static final Pattern SUBJECT_VERSIONS = Pattern.compile("^/subjects/([^/]+)/versions/?$");
  private static final Pattern SUBJECT_VERSION = Pattern.compile("^/subjects/([^/]+)/versions/([^/]+)$");
  private static final Pattern SUBJECT = Pattern.compile("^/subjects/([^/]+)/?$");
  private static final Pattern SCHEMA_BY_ID = Pattern.compile("^/schemas/ids/(-?\\d+)$");
  private static final Pattern COMPATIBILITY = Pattern.compile("^/compatibility/subjects/([^/]+)/versions/([^/]+)$");
  private static final Pattern CONFIG = Pattern.compile("^/config(?:/([^/]+))?/?$");

  private final RegistryState state = new RegistryState();
  private final SchemaLog log;
  private final HttpServer server;
  private final ExecutorService executor;

  public RegistryHttpServer(String host, int port, SchemaLog log) throws IOException {
    this.log = log;
    log.readAll().forEach(state::apply);
    this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
    this.executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "schema-registry-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  public RegistryHttpServer start() {
    server.start();
    LOG.info("schema registry listening on {} ({} subjects restored)", url(), state.subjects().size());
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "http://" + server.getAddress().getHostString() + ":" + port();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    log.close();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      try {
        route(ex, method, path);
      } catch (ApiError e) {
        error(ex, e.status, e.code, e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("registry failed on {} {}", method, path, e);
        error(ex, 500, 50001, "internal error: " + e.getMessage());
      }
    }
  }

  private void route(HttpExchange ex, String method, String path) throws IOException {
    Matcher m;
    if (path.equals("/") || path.isEmpty()) {
      send(ex, 200, JSON.createObjectNode());
    } else if (path.equals("/subjects") || path.equals("/subjects/")) {
      requireMethod(method, "GET");
      ArrayNode arr = JSON.createArrayNode();
      state.subjects().forEach(arr::add);
      send(ex, 200, arr);
    } else if ((m = SUBJECT_VERSIONS.matcher(path)).matches()) {
      String subject = decode(m.group(1));
      if (method.equals("POST")) {
        register(ex, subject);
      } else {
        requireMethod(method, "GET");
        var versions = state.versions(subject).orElseThrow(() -> subjectNotFound(subject));
        ArrayNode arr = JSON.createArrayNode();
        versions.forEach(v -> arr.add(v.version()));
        send(ex, 200, arr);
      }
    } else if ((m = SUBJECT_VERSION.matcher(path)).matches()) {
      requireMethod(method, "GET");
      String subject = decode(m.group(1));
      String v = m.group(2);
      validVersion(v);
      if (state.versions(subject).isEmpty()) {
        throw subjectNotFound(subject);
      }
      var version = state.version(subject, v).orElseThrow(() -> new ApiError(404, 40402, "Version " + v + " not found."));
      send(ex, 200, versionJson(version));
    } else if ((m = SUBJECT.matcher(path)).matches()) {
      requireMethod(method, "POST");
      String subject = decode(m.group(1));
      Schema schema = parseSchema(readBody(ex));
      if (state.versions(subject).isEmpty()) {
        throw subjectNotFound(subject);
      }
      var found = state.lookup(subject, schema).orElseThrow(() -> new ApiError(404, 40403, "Schema not found"));
      send(ex, 200, versionJson(found));
    } else if ((m = SCHEMA_BY_ID.matcher(path)).matches()) {
      requireMethod(method, "GET");
      int id = Integer.parseInt(m.group(1));
      Schema schema = state.schemaById(id).orElseThrow(() -> new ApiError(404, 40403, "Schema " + id + " not found"));
      send(ex, 200, JSON.createObjectNode().put("schema", schema.toString()));
    } else if ((m = COMPATIBILITY.matcher(path)).matches()) {
      requireMethod(method, "POST");
      String subject = decode(m.group(1));
      Schema schema = parseSchema(readBody(ex));
      List<String> problems = state.compatibilityProblems(subject, schema);
      ObjectNode out = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
      if (!problems.isEmpty()) {
        ArrayNode messages = out.putArray("messages");
        problems.forEach(messages::add);
      }
      send(ex, 200, out);
    } else if ((m = CONFIG.matcher(path)).matches()) {
      String subject = m.group(1) == null ? null : decode(m.group(1));
      if (method.equals("PUT")) {
        JsonNode body = readBody(ex);
        String text = body.path("compatibility").asText(null);
        if (text == null) {
          throw new ApiError(422, 42203, "body must be {\"compatibility\": \"BACKWARD\"|...}");
        }
        CompatibilityLevel level;
        try {
          level = CompatibilityLevel.parse(text);
        } catch (IllegalArgumentException e) {
          throw new ApiError(422, 42203, e.getMessage());
        }
        LogEntry entry = new LogEntry.Config(subject, level);
        synchronized (this) {
          log.append(entry);
          state.apply(entry);
        }
        send(ex, 200, JSON.createObjectNode().put("compatibility", level.name()));
      } else {
        requireMethod(method, "GET");
        send(ex, 200, JSON.createObjectNode().put("compatibilityLevel", state.level(subject).name()));
      }
    } else {
      throw new ApiError(404, 404, "no such endpoint: " + method + " " + path);
    }
  }

  private void register(HttpExchange ex, String subject) throws IOException {
    Schema schema = parseSchema(readBody(ex));
    int id;
    // One registration at a time: plan -> log -> apply must not interleave, or two writers could take one id.
    synchronized (this) {
      RegistryState.Plan plan;
      try {
        plan = state.plan(subject, schema);
      } catch (RegistryState.IncompatibleException e) {
        throw new ApiError(409, 409, e.getMessage());
      }
      plan.newEntry().ifPresent(entry -> {
        log.append(entry);
        state.apply(entry);
        LOG.info("registered {} version {} as schema id {}", subject, entry.version(), entry.id());
      });
      id = plan.id();
    }
    send(ex, 200, JSON.createObjectNode().put("id", id));
  }

  private static void validVersion(String v) {
    if (!v.equals("latest") && !v.matches("-?\\d+")) {
      throw new ApiError(422, 42202, "The specified version '" + v + "' is not a valid version id.");
    }
  }

  private static ApiError subjectNotFound(String subject) {
    return new ApiError(404, 40401, "Subject '" + subject + "' not found.");
  }

  private static ObjectNode versionJson(RegistryState.Version v) {
    return JSON.createObjectNode().put("subject", v.subject()).put("version", v.version()).put("id", v.id())
        .put("schema", v.schema().toString());
  }

  private static Schema parseSchema(JsonNode body) {
    String type = body.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw new ApiError(422, 42201, "only AVRO schemas are supported, got " + type);
    }
    String text = body.path("schema").asText(null);
    if (text == null) {
      throw new ApiError(422, 42201, "body must be {\"schema\": \"<Avro schema JSON>\"}");
    }
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new ApiError(422, 42201, "Invalid schema: " + e.getMessage());
    }
  }

  private static JsonNode readBody(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw new ApiError(413, 413, "request body over " + MAX_BODY + " bytes");
      }
      try {
        return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
      } catch (IOException e) {
        throw new ApiError(400, 400, "malformed JSON body: " + e.getMessage());
      }
    }
  }

  private static void requireMethod(String actual, String expected) {
    if (!actual.equals(expected)) {
      throw new ApiError(405, 405, "method " + actual + " not allowed here; use " + expected);
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void error(HttpExchange ex, int status, int code, String message) throws IOException {
    send(ex, status, JSON.createObjectNode().put("error_code", code).put("message", message));
  }

  private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** An answer in Confluent's error shape. */
  private static final class ApiError extends RuntimeException {
    final int status;
    final int code;

    ApiError(int status, int code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }
}
