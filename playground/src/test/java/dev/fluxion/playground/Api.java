package dev.fluxion.playground;

import dev.fluxion.nn.io.JsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.openqa.selenium.json.Json;

/** A client of a running playground for the tests: requests, replies and their JSON. */
final class Api {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final Json JSON = new Json();

  private Api() {}

  /** A reply: status, body and headers. */
  record Reply(int status, String body, HttpHeaders headers) {
    /** {@return the body parsed as a JSON object} */
    Map<String, Object> json() {
      return JSON.toType(body, Json.MAP_TYPE);
    }

    /** {@return a header's first value, or ""} */
    String header(String name) {
      return headers.firstValue(name).orElse("");
    }
  }

  /** {@return the reply to {@code POST /api/formula} with this formula and point} */
  static Reply formula(URI base, String formula, String point) {
    return post(base, "api/formula",
        JsonWriter.compact().beginObject().name("formula").value(formula).name("point").value(point).endObject().toJson());
  }

  /** {@return the reply to {@code POST path} with {@code body}} */
  static Reply post(URI base, String path, String body) {
    return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** {@return the reply to {@code method path} without a body} */
  static Reply request(URI base, String method, String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody()).build());
  }

  /** {@return the reply to {@code GET path}} */
  static Reply get(URI base, String path) {
    return request(base, "GET", path);
  }

  private static Reply send(HttpRequest request) {
    try {
      HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@return the status line of a request sent byte for byte over a socket, e.g. for
   * {@code GET /../pom.xml}, which an HTTP client would normalise or refuse}
   */
  static String rawStatusLine(URI base, String target) throws IOException {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String reply = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      return reply.lines().findFirst().orElse("");
    }
  }

  /** {@return {@code json.get(key)} as a double} */
  static double number(Map<String, Object> json, String key) {
    return ((Number) json.get(key)).doubleValue();
  }

  /** {@return {@code json.get(key)} as a JSON object} */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Map<String, Object> json, String key) {
    return (Map<String, Object>) json.get(key);
  }
}
