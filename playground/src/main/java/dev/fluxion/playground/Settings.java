package dev.fluxion.playground;

import dev.fluxion.playground.formula.LabLimits;
import java.time.Duration;

/**
 * How a {@link Playground} runs: where it listens, how much one request may ask for and how many
 * run at once.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1} (the default: this machine only) or
 *     {@code 0.0.0.0} (every interface)
 * @param port the TCP port, 0 to 65535; 0 picks a free one
 * @param lab the Formula lab's input limits
 * @param bodyBytes the largest request body, in bytes, &gt;= 1
 * @param timeout the longest a computation may take before the request gets a 503, &gt; 0
 * @param threads how many computations run at once, &gt;= 1; requests beyond a short queue get a 503
 * @param graphviz whether to draw graphs with Graphviz's {@code dot} when it is on the {@code PATH}
 */
public record Settings(String host, int port, LabLimits lab, int bodyBytes, Duration timeout, int threads,
    boolean graphviz) {
  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException if a value is outside its range or null
   */
  public Settings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("the host is empty");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port " + port + " is outside 0 to 65535 (0 picks a free one)");
    }
    if (lab == null || timeout == null || timeout.isNegative() || timeout.isZero() || bodyBytes < 1 || threads < 1) {
      throw new IllegalArgumentException("settings out of range: lab=" + lab + ", bodyBytes=" + bodyBytes
          + ", timeout=" + timeout + ", threads=" + threads);
    }
  }

  /**
   * {@return 127.0.0.1, port 8080, the default lab limits, 16 KiB bodies, 5 s per computation, one
   * computation per core (at least two) and Graphviz when installed}
   */
  public static Settings defaults() {
    return new Settings("127.0.0.1", 8080, LabLimits.DEFAULT, 16_384, Duration.ofSeconds(5),
        Math.max(2, Runtime.getRuntime().availableProcessors()), true);
  }

  /**
   * {@return these settings listening on {@code host}}
   *
   * @param host an address or name to bind, e.g. {@code 0.0.0.0}
   */
  public Settings withHost(String host) {
    return new Settings(host, port, lab, bodyBytes, timeout, threads, graphviz);
  }

  /**
   * {@return these settings on {@code port}}
   *
   * @param port 0 to 65535; 0 picks a free port
   */
  public Settings withPort(int port) {
    return new Settings(host, port, lab, bodyBytes, timeout, threads, graphviz);
  }

  /**
   * {@return these settings with the Formula lab limited to {@code lab} and computations to {@code timeout}}
   *
   * @param lab the Formula lab's input limits, e.g. {@link LabLimits#DEFAULT}
   * @param timeout positive
   */
  public Settings withLimits(LabLimits lab, Duration timeout) {
    return new Settings(host, port, lab, bodyBytes, timeout, threads, graphviz);
  }

  /**
   * {@return these settings drawing graphs with Graphviz when it is installed, or never}
   *
   * @param graphviz false to always use the lab's own layout
   */
  public Settings withGraphviz(boolean graphviz) {
    return new Settings(host, port, lab, bodyBytes, timeout, threads, graphviz);
  }
}
