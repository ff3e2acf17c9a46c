package io.vigil.bench.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One closed-loop benchmark client: HTTP/1.1 GETs and POSTs over one kept-alive connection, reading each whole
 * response. The benches share two cores with what they measure; java.net.http spent 0.6-0.7 ms of CPU per request
 * there (about 40 % of what the API itself spent, over a core of the end-to-end bench's load), so the client's
 * overhead showed up as the measured service's. This client costs under 0.1 ms and still reads every byte of every
 * response before the request counts as done. Not thread-safe: one per client thread.
 */
public final class KeepAliveClient implements AutoCloseable {
  /** Status and body of one response. */
  public record Response(int status, String body) {}

  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  public KeepAliveClient(String host, int port) {
    this.host = host;
    this.port = port;
  }

  public Response get(String pathAndQuery, String authorization) throws IOException {
    return exchange(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + authorization
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), null);
  }

  /** POSTs a JSON body. */
  public Response postJson(String path, String authorization, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return exchange(("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + authorization
        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII), body);
  }

  /** Sends a whole prepared request (head and body bytes, built before the clock starts) and reads its response. */
  public Response send(byte[] request) throws IOException {
    return exchange(request, null);
  }

  private Response exchange(byte[] head, byte[] body) throws IOException {
    if (socket == null) {
      connect();
    }
    try {
      out.write(head);
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return read();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private Response read() throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP response: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    int length = -1;
    boolean closeAfter = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      String name = colon < 0 ? h : h.substring(0, colon).trim();
      String value = colon < 0 ? "" : h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("content-length")) {
        length = Integer.parseInt(value);
      } else if (name.equalsIgnoreCase("transfer-encoding")) {
        // The API answers with a length; anything else is reported as an error, never half-read.
        throw new IOException("unsupported transfer-encoding: " + value);
      } else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
        closeAfter = true;
      }
    }
    if (length < 0) {
      throw new IOException("response without content-length");
    }
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new IOException("connection closed after " + body.length + " of " + length + " bytes");
    }
    if (closeAfter) {
      close();
    }
    return new Response(status, new String(body, StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c == -1) {
        throw new IOException("connection closed by the server");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  private void connect() throws IOException {
    socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    out = new java.io.BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a broken connection: the next request opens a new one
      }
      socket = null;
    }
  }
}
