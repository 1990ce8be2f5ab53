package dev.fluxion.playground;

import com.sun.net.httpserver.HttpServer;
import dev.fluxion.playground.formula.FormulaLab;
import dev.fluxion.playground.formula.Graphviz;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import dev.fluxion.playground.network.SessionStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The autodiff playground: a web page for teaching AD, served by the JDK's own HTTP server
 * ({@code com.sun.net.httpserver}). The page, its script and style come from the class path; the
 * Formula lab's API computes on a bounded pool of threads, each request within a time limit, and
 * keeps no state between requests, so any number of browser tabs can use one server.
 *
 * <pre>{@code
 * try (Playground p = Playground.start(Settings.defaults().withPort(0))) {
 *   System.out.println(p.uri());   // http://127.0.0.1:PORT/
 * }
 * }</pre>
 */
public final class Playground implements AutoCloseable {
  /** Request-handling threads; each waits at most the computation timeout. */
  private static final int HTTP_THREADS = 8;

  private final HttpServer server;
  private final ExecutorService http;
  /** The compute and stream pools. */
  private final List<ExecutorService> pools;
  private final URI uri;
  private final CountDownLatch closed = new CountDownLatch(1);

  private Playground(HttpServer server, ExecutorService http, List<ExecutorService> pools, URI uri) {
    this.server = server;
    this.http = http;
    this.pools = pools;
    this.uri = uri;
  }

  /**
   * {@return a running playground}
   *
   * @param settings where to listen and the limits
   * @throws IOException if the address cannot be bound (e.g. the port is in use) or the host is unknown
   */
  public static Playground start(Settings settings) throws IOException {
    InetAddress address;
    try {
      address = InetAddress.getByName(settings.host());
    } catch (UnknownHostException e) {
      throw new UnknownHostException("unknown host " + settings.host());
    }
    StaticFiles files = StaticFiles.load();
    FormulaLab lab = FormulaLab.of(settings.lab(), settings.graphviz() ? Graphviz.find() : Optional.empty());
    ExecutorService compute = pool("fluxion-compute", settings.threads(), 4 * settings.threads(),
        new ThreadPoolExecutor.AbortPolicy());
    ExecutorService streams = pool("fluxion-stream", NetworkRoutes.STREAMS, 0, new ThreadPoolExecutor.AbortPolicy());
    var network = new NetworkRoutes(settings, compute, streams, new SessionStore<>(NetworkRoutes.SESSIONS,
        NetworkRoutes.IDLE));
    ExecutorService http = pool("fluxion-http", HTTP_THREADS, 16 * HTTP_THREADS, new ThreadPoolExecutor.CallerRunsPolicy());
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, settings.port()), 64);
    } catch (IOException e) {
      compute.shutdownNow();
      streams.shutdownNow();
      http.shutdownNow();
      throw new IOException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
    }
    server.createContext("/", new Router(settings, lab, files, compute, network));
    server.setExecutor(http);
    server.start();
    String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    return new Playground(server, http, List.of(compute, streams), URI.create("http://" + host + ":" + server.getAddress().getPort() + "/"));
  }

  /** {@return the page's address, e.g. {@code http://127.0.0.1:8080/}} */
  public URI uri() {
    return uri;
  }

  /** {@return whether only this machine can connect (the server listens on a loopback address)} */
  public boolean isLocalOnly() {
    return server.getAddress().getAddress().isLoopbackAddress();
  }

  /** {@return the port listened on (the one picked when started with port 0)} */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Waits until {@link #close()} has run.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  /** Stops listening, drops requests in flight and stops the threads. Idempotent. */
  @Override
  public void close() {
    server.stop(0);
    pools.forEach(ExecutorService::shutdownNow);
    http.shutdownNow();
    closed.countDown();
  }

  /**
   * A fixed pool of daemon threads (8 MB stacks, as the tests run deep expressions) with a bounded
   * queue, or none when {@code queue} is 0.
   */
  private static ExecutorService pool(String name, int threads, int queue, java.util.concurrent.RejectedExecutionHandler full) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(null, r, name + "-" + count.incrementAndGet(), 8L << 20);
      t.setDaemon(true);
      return t;
    };
    return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, 
        queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue), factory,
        full);
  }
}
