package dev.fluxion.playground;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.fluxion.nn.io.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/** Writing responses: JSON, errors as JSON, and files, each with the same safety headers. */
final class Responses {
  /** The page may load its own files only, and may not be framed. */
  private static final String CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private Responses() {}

  /** Sends {@code json} with {@code status}; never cached. */
  static void json(HttpExchange ex, int status, String json) throws IOException {
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    send(ex, status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends {@code {"error": message, "field": field, "position": position}} with {@code status}; the
   * field and position are null when the error points at no input.
   */
  static void error(HttpExchange ex, int status, String message, @Nullable String field, OptionalInt position)
      throws IOException {
    JsonWriter w = JsonWriter.compact().beginObject().name("error").value(message).name("field");
    if (field == null) {
      w.nullValue();
    } else {
      w.value(field);
    }
    w.name("position");
    if (position.isPresent()) {
      w.value(position.getAsInt());
    } else {
      w.nullValue();
    }
    json(ex, status, w.endObject().toJson());
  }

  /** Sends a file, or only its headers for a {@code HEAD} request (the caller closes the exchange). */
  static void file(HttpExchange ex, StaticFiles.File file) throws IOException {
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    if (ex.getRequestMethod().equals("HEAD")) {
      headers(ex.getResponseHeaders(), file.contentType());
      ex.sendResponseHeaders(200, -1);
      return;
    }
    send(ex, 200, file.contentType(), file.bytes());
  }

  /** Sends {@code status} without a body, e.g. 204 after a delete. */
  static void empty(HttpExchange ex, int status) throws IOException {
    send(ex, status, "application/json; charset=utf-8", new byte[0]);
  }

  /**
   * Starts a server-sent event stream: status 200, {@code text/event-stream}, never cached, the
   * length unknown; the caller writes the events to the response body and closes the exchange.
   */
  static void eventStream(HttpExchange ex) throws IOException {
    headers(ex.getResponseHeaders(), "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(200, 0);
  }

  /** Sends a short plain-text message, e.g. for a page that does not exist. */
  static void text(HttpExchange ex, int status, String message) throws IOException {
    send(ex, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    headers(ex.getResponseHeaders(), contentType);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static void headers(Headers h, String contentType) {
    h.set("Content-Type", contentType);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Content-Security-Policy", CSP);
  }
}
