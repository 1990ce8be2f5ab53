package dev.fluxion.playground;

import com.sun.net.httpserver.HttpExchange;
import dev.fluxion.nn.io.JsonWriter;
import dev.fluxion.playground.network.NetworkSession;
import dev.fluxion.playground.network.SessionStore;
import dev.fluxion.playground.network.SnapshotJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * One training stream ({@code GET /api/network/{id}/events}), run on the stream pool: it holds
 * the session's training permit (another stream or step gets 409), trains {@code every} steps at a
 * time, at most one chunk per {@link #PACE}, and sends each snapshot as a server-sent event
 * {@code data: {...}}. It ends with an {@code end} event when the run is done, a pause asks it to
 * stop, the session is deleted or evicted, or it has run {@link #LIFETIME}; and silently when the
 * client goes away (a write fails).
 */
final class NetworkStream implements Runnable {
  /**
   * The shortest time between two events: a stream trains at most one chunk per interval, so that
   * the page can be watched and one tab takes no more than its share of the machine.
   */
  static final Duration PACE = Duration.ofMillis(40);
  /** The longest one stream runs; the page may start another. */
  static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final System.Logger LOG = System.getLogger(NetworkStream.class.getName());

  private final HttpExchange ex;
  private final SessionStore.Entry<NetworkSession> entry;
  private final int every;
  private final SessionStore<NetworkSession> store;

  NetworkStream(HttpExchange ex, SessionStore.Entry<NetworkSession> entry, int every,
      SessionStore<NetworkSession> store) {
    this.ex = ex;
    this.entry = entry;
    this.every = every;
    this.store = store;
  }

  @Override
  public void run() {
    try (ex) {
      if (!entry.training().tryAcquire()) {
        Responses.error(ex, 409, "this session is already training (a stream is running, e.g. in another tab)", null,
            OptionalInt.empty());
        return;
      }
      try {
        train();
      } finally {
        entry.requestStop(false);
        entry.training().release();
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "the stream's client went away", e);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a Network lab stream failed", e);
    }
  }

  private void train() throws IOException {
    Responses.eventStream(ex);
    OutputStream out = ex.getResponseBody();
    long end = System.nanoTime() + LIFETIME.toNanos();
    long next = System.nanoTime();
    while (true) {
      @Nullable String reason = entry.closed() ? "deleted"
          : entry.stopRequested() ? "paused"
          : System.nanoTime() > end || Thread.currentThread().isInterrupted() ? "time" : null;
      if (reason != null) {
        end(out, reason);
        return;
      }
      if (!pace(next)) {
        end(out, "time");
        return;
      }
      next = System.nanoTime() + PACE.toNanos();
      NetworkSession.Snapshot s;
      try {
        s = entry.session().advance(every);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a Network lab stream failed", e);
        end(out, "error");
        return;
      }
      store.touch(entry);
      send(out, "data: " + SnapshotJson.write(entry.id(), s, false) + "\n\n");
      if (s.done()) {
        end(out, "done");
        return;
      }
    }
  }

  /** Waits until {@code next} (a {@link System#nanoTime()}); {@return false if interrupted: the server stops} */
  private static boolean pace(long next) {
    long wait = next - System.nanoTime();
    try {
      if (wait > 0) {
        Thread.sleep(Duration.ofNanos(wait));
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Sends {@code event: end} with why: done, paused, deleted, time or error. */
  private static void end(OutputStream out, String reason) throws IOException {
    send(out, "event: end\ndata: " + JsonWriter.compact().beginObject().name("reason").value(reason).endObject()
        .toJson() + "\n\n");
  }

  private static void send(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
