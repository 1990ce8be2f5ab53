package dev.fluxion.playground;

import com.sun.net.httpserver.HttpExchange;
import dev.fluxion.nn.io.JsonWriter;
import dev.fluxion.playground.network.InvalidSpecException;
import dev.fluxion.playground.network.NetworkSession;
import dev.fluxion.playground.network.NetworkSpec;
import dev.fluxion.playground.network.SessionStore;
import dev.fluxion.playground.network.SnapshotJson;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Network lab's API under {@code /api/network}: create a session, step it, stream its training
 * as server-sent events ({@link NetworkStream}), pause, read and delete it. Requests compute on the
 * shared pool with its time limit; streams run on their own small pool.
 */
final class NetworkRoutes {
  /** The most sessions kept; one more evicts the least recently used. */
  static final int SESSIONS = 32;
  /** How long an unused session is kept. */
  static final Duration IDLE = Duration.ofMinutes(10);
  /** The most streams at once; one more answers 503. */
  static final int STREAMS = 4;
  /** The most steps one {@code step} request may ask for. */
  static final int STEPS_PER_REQUEST = 500;
  /** The most steps per streamed event. */
  static final int EVERY = 200;
  /** How long a step or pause waits for a running stream to let go of the session. */
  private static final Duration WAIT = Duration.ofSeconds(3);
  private static final System.Logger LOG = System.getLogger(NetworkRoutes.class.getName());
  private static final Pattern PATH = Pattern.compile("/api/network(?:/([0-9a-f]{32})(?:/(step|pause|events))?)?");

  private final Settings settings;
  private final ExecutorService compute;
  private final ExecutorService streams;
  private final SessionStore<NetworkSession> store;

  NetworkRoutes(Settings settings, ExecutorService compute, ExecutorService streams,
      SessionStore<NetworkSession> store) {
    this.settings = settings;
    this.compute = compute;
    this.streams = streams;
    this.store = store;
  }

  /** Thrown by a task when the session is training elsewhere: 409. */
  private static final class Busy extends RuntimeException {
    Busy() {
      super("this session is already training (a stream is running, e.g. in another tab); pause it first", null,
          false, false);
    }
  }

  /** {@return whether {@code path} is one of this API's} */
  static boolean owns(String path) {
    return path.equals("/api/network") || path.startsWith("/api/network/");
  }

  /**
   * Answers one request; {@return true if the exchange now belongs to a stream, which closes it}
   */
  boolean handle(HttpExchange ex, String path, String method) throws IOException {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      Responses.error(ex, 404, "no such API: " + path, null, OptionalInt.empty());
      return false;
    }
    String id = m.group(1);
    String action = m.group(2) == null ? "" : m.group(2);
    if (id == null) {
      if (Router.allowed(ex, method, "POST")) {
        create(ex);
      }
      return false;
    }
    String[] methods = switch (action) {
      case "" -> new String[] {"GET", "DELETE"};
      case "events" -> new String[] {"GET"};
      default -> new String[] {"POST"};
    };
    if (!Router.allowed(ex, method, methods)) {
      return false;
    }
    Optional<SessionStore.Entry<NetworkSession>> entry = method.equals("DELETE") ? Optional.empty() : store.get(id);
    if (method.equals("DELETE") ? !store.remove(id) : entry.isEmpty()) {
      Responses.error(ex, 404, "no network session " + id + " (it was reset, or expired after "
          + IDLE.toMinutes() + " minutes unused); create a new one", null, OptionalInt.empty());
      return false;
    }
    if (method.equals("DELETE")) {
      Responses.empty(ex, 204);
      return false;
    }
    var e = entry.orElseThrow();
    return switch (action) {
      case "events" -> stream(ex, e);
      case "step" -> {
        step(ex, e);
        yield false;
      }
      case "pause" -> {
        run(ex, 200, () -> pause(e));
        yield false;
      }
      default -> {
        run(ex, 200, () -> SnapshotJson.write(e.id(), e.session().snapshot(), true));
        yield false;
      }
    };
  }

  private void create(HttpExchange ex) throws IOException {
    Map<String, String> form = form(ex, NetworkSpec.FIELDS);
    if (form != null) {
      run(ex, 201, () -> {
        NetworkSession session = new NetworkSession(NetworkSpec.parse(form));
        var snapshot = session.snapshot();
        return SnapshotJson.write(store.add(session).id(), snapshot, true);
      });
    }
  }

  private void step(HttpExchange ex, SessionStore.Entry<NetworkSession> e) throws IOException {
    Map<String, String> form = form(ex, Set.of("steps"));
    if (form != null) {
      run(ex, 200, () -> {
        int n = count(form.getOrDefault("steps", "1"), "steps", STEPS_PER_REQUEST);
        if (!e.training().tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new Busy();
        }
        try {
          return SnapshotJson.write(e.id(), e.session().advance(n), false);
        } finally {
          e.training().release();
        }
      });
    }
  }

  /** Stops the session's stream after its chunk and {@return the snapshot where it stopped} */
  private static String pause(SessionStore.Entry<NetworkSession> e) throws InterruptedException {
    e.requestStop(true);
    if (!e.training().tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new Busy();
    }
    try {
      e.requestStop(false);
      return SnapshotJson.write(e.id(), e.session().snapshot(), false);
    } finally {
      e.training().release();
    }
  }

  private boolean stream(HttpExchange ex, SessionStore.Entry<NetworkSession> e) throws IOException {
    String every = query(ex.getRequestURI().getRawQuery(), "every");
    int n;
    try {
      n = count(every == null ? "10" : every, "every", EVERY);
    } catch (InvalidSpecException bad) {
      Responses.error(ex, 400, bad.getMessage(), bad.field(), OptionalInt.empty());
      return false;
    }
    try {
      streams.execute(new NetworkStream(ex, e, n, store));
      return true;
    } catch (RejectedExecutionException full) {
      Responses.error(ex, 503, STREAMS + " networks are training already; try again when one is paused", null,
          OptionalInt.empty());
      return false;
    }
  }

  /** {@return {@code text} as a count from 1 to {@code max}} */
  private static int count(String text, String field, int max) {
    if (!text.strip().matches("\\d{1,9}") || Integer.parseInt(text.strip()) < 1 || Integer.parseInt(text.strip()) > max) {
      throw new InvalidSpecException(field, field + " = " + text + " is outside 1 to " + max + " per request");
    }
    return Integer.parseInt(text.strip());
  }

  private static @Nullable String query(@Nullable String rawQuery, String name) {
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        if (pair.startsWith(name + "=")) {
          return pair.substring(name.length() + 1);
        }
      }
    }
    return null;
  }

  /** The body as a flat object of strings, or null after answering 400 or 413. */
  private @Nullable Map<String, String> form(HttpExchange ex, Set<String> names) throws IOException {
    String body = Router.body(ex, settings.bodyBytes());
    if (body == null) {
      return null;
    }
    try {
      return JsonBody.parse(body.isBlank() ? "{}" : body, names);
    } catch (IllegalArgumentException e) {
      Responses.error(ex, 400, e.getMessage(), null, OptionalInt.empty());
      return null;
    }
  }

  /** Runs {@code task} on the compute pool within the time limit and answers its JSON with {@code status}. */
  private void run(HttpExchange ex, int status, Callable<String> task) throws IOException {
    Future<String> result;
    try {
      result = compute.submit(task);
    } catch (RejectedExecutionException e) {
      Responses.error(ex, 503, "the playground is busy; try again in a moment", null, OptionalInt.empty());
      return;
    }
    try {
      Responses.json(ex, status, result.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      Responses.error(ex, 503, "the computation took longer than " + settings.timeout().toMillis()
          + " ms; ask for fewer steps or a smaller network", null, OptionalInt.empty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Responses.error(ex, 503, "the server is stopping", null, OptionalInt.empty());
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case InvalidSpecException bad -> Responses.error(ex, 400, bad.getMessage(), bad.field(), OptionalInt.empty());
        case Busy busy -> Responses.error(ex, 409, busy.getMessage(), null, OptionalInt.empty());
        case Throwable other -> {
          LOG.log(System.Logger.Level.WARNING, "the Network lab failed", other);
          Responses.error(ex, 500, "internal error (" + other.getClass().getSimpleName()
              + "); the server log has details", null, OptionalInt.empty());
        }
      }
    }
  }

  /** Writes the lab's defaults and limits as the member {@code network} of {@code /api/info}. */
  static void info(JsonWriter w) {
    NetworkSpec d = NetworkSpec.defaults();
    w.name("network").beginObject().name("defaults").beginObject().name("dataset").value(d.dataset())
        .name("points").value(d.points()).name("noise").value(d.noise())
        .name("hidden").value(String.join(",", d.hidden().stream().map(String::valueOf).toList()))
        .name("activation").value(d.activation()).name("optimizer").value(d.optimizer())
        .name("learningRate").value(d.learningRate()).name("schedule").value(d.schedule())
        .name("steps").value(d.steps()).name("batchSize").value(d.batchSize()).name("seed").value(d.seed()).endObject()
        .name("limits").beginObject().name("points").value(NetworkSpec.MAX_POINTS)
        .name("layers").value(NetworkSpec.MAX_LAYERS).name("width").value(NetworkSpec.MAX_WIDTH)
        .name("steps").value(NetworkSpec.MAX_STEPS).name("stepsPerRequest").value(STEPS_PER_REQUEST)
        .name("every").value(EVERY).name("sessions").value(SESSIONS).name("streams").value(STREAMS)
        .name("idleMinutes").value(IDLE.toMinutes()).endObject().endObject();
  }
}
