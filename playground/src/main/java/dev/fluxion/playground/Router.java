package dev.fluxion.playground;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.fluxion.nn.io.JsonWriter;
import dev.fluxion.playground.formula.FormulaLab;
import dev.fluxion.playground.formula.LabException;
import dev.fluxion.playground.formula.LabLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Every request: {@code GET /api/info}, {@code POST /api/formula}, the Network lab's
 * {@code /api/network...} ({@link NetworkRoutes}) and the page's static files;
 * anything else is 404 (405 for a known path with the wrong method). Computations run on a bounded
 * pool with a time limit; a full pool or a timeout answers 503.
 */
final class Router implements HttpHandler {
  private static final System.Logger LOG = System.getLogger(Router.class.getName());
  private static final Set<String> FORMULA_MEMBERS = Set.of("formula", "point");

  private final Settings settings;
  private final FormulaLab lab;
  private final StaticFiles files;
  private final ExecutorService compute;
  private final NetworkRoutes network;

  Router(Settings settings, FormulaLab lab, StaticFiles files, ExecutorService compute, NetworkRoutes network) {
    this.settings = settings;
    this.lab = lab;
    this.files = files;
    this.compute = compute;
    this.network = network;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    boolean streaming = false;
    try {
      String path = ex.getRequestURI().getRawPath();
      String method = ex.getRequestMethod();
      if (NetworkRoutes.owns(path)) {
        streaming = network.handle(ex, path, method);
        return;
      }
      switch (path) {
        case "/api/formula" -> {
          if (allowed(ex, method, "POST")) {
            formula(ex);
          }
        }
        case "/api/info" -> {
          if (allowed(ex, method, "GET")) {
            Responses.json(ex, 200, info());
          }
        }
        default -> {
          var file = files.get(path);
          if (path.startsWith("/api/")) {
            Responses.error(ex, 404, "no such API: " + path, null, OptionalInt.empty());
          } else if (file.isEmpty()) {
            Responses.text(ex, 404, "not found");
          } else if (allowed(ex, method, "GET", "HEAD")) {
            Responses.file(ex, file.get());
          }
        }
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "the client went away", e);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "request failed", e);
    } finally {
      if (!streaming) {
        ex.close();
      }
    }
  }

  /** Answers 405 unless the method is one of {@code methods}. */
  static boolean allowed(HttpExchange ex, String method, String... methods) throws IOException {
    if (Set.of(methods).contains(method)) {
      return true;
    }
    ex.getResponseHeaders().set("Allow", String.join(", ", methods));
    Responses.error(ex, 405, "method " + method + " is not allowed here; use " + String.join(" or ", methods),
        null, OptionalInt.empty());
    return false;
  }

  private void formula(HttpExchange ex) throws IOException {
    String body = body(ex, settings.bodyBytes());
    if (body == null) {
      return;
    }
    Map<String, String> request;
    try {
      request = JsonBody.parse(body, FORMULA_MEMBERS);
    } catch (IllegalArgumentException e) {
      Responses.error(ex, 400, e.getMessage(), null, OptionalInt.empty());
      return;
    }
    String formula = request.getOrDefault("formula", "");
    String point = request.getOrDefault("point", "");
    Future<String> result;
    try {
      result = compute.submit(() -> lab.json(formula, point));
    } catch (RejectedExecutionException e) {
      Responses.error(ex, 503, "the playground is busy; try again in a moment", null, OptionalInt.empty());
      return;
    }
    try {
      Responses.json(ex, 200, result.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      result.cancel(true);
      Responses.error(ex, 503, "the computation took longer than " + seconds() + "; try a smaller formula", null,
          OptionalInt.empty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Responses.error(ex, 503, "the server is stopping", null, OptionalInt.empty());
    } catch (ExecutionException e) {
      failed(ex, e.getCause());
    }
  }

  private static void failed(HttpExchange ex, Throwable cause) throws IOException {
    if (cause instanceof LabException e) {
      var field = e.field();
      Responses.error(ex, 400, e.getMessage(), field == null ? null : field.name().toLowerCase(Locale.ROOT),
          e.position());
    } else if (cause instanceof IllegalArgumentException e) {
      Responses.error(ex, 400, String.valueOf(e.getMessage()), null, OptionalInt.empty());
    } else {
      LOG.log(System.Logger.Level.WARNING, "the Formula lab failed", cause);
      Responses.error(ex, 500, "internal error (" + cause.getClass().getSimpleName() + "); the server log has details",
          null, OptionalInt.empty());
    }
  }

  /** The request body as text, or null after answering 413 when it is over the limit. */
  static @Nullable String body(HttpExchange ex, int max) throws IOException {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    boolean tooLong = length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > max;
    byte[] bytes = tooLong ? new byte[0] : ex.getRequestBody().readNBytes(max + 1);
    if (tooLong || bytes.length > max) {
      Responses.error(ex, 413, "the request body is over " + max + " bytes", null, OptionalInt.empty());
      return null;
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private String info() {
    LabLimits l = lab.limits();
    JsonWriter w = JsonWriter.compact().beginObject()
        .name("defaults").beginObject().name("formula").value(FormulaLab.DEFAULT_FORMULA)
        .name("point").value(FormulaLab.DEFAULT_POINT).endObject()
        .name("limits").beginObject().name("formulaChars").value(l.formulaChars())
        .name("pointChars").value(l.pointChars()).name("nodes").value(l.nodes())
        .name("variables").value(l.variables()).name("bodyBytes").value(settings.bodyBytes())
        .name("timeoutMillis").value(settings.timeout().toMillis()).endObject()
        .name("graphviz").value(lab.hasGraphviz());
    NetworkRoutes.info(w);
    return w.endObject().toJson();
  }

  private String seconds() {
    long ms = settings.timeout().toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }
}
