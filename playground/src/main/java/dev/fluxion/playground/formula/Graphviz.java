package dev.fluxion.playground.formula;

import dev.fluxion.playground.formula.ExprGraph.Edge;
import dev.fluxion.playground.formula.ExprGraph.Node;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Graphviz's {@code dot -Tsvg}, run as a subprocess with a time limit. The graph goes in as DOT with
 * the same element ids and classes as {@link LayeredSvg} writes ({@code id="node-v3"},
 * {@code class="edge-v1-v3"}), so the page highlights either drawing alike. Any failure — no
 * {@code dot}, a crash, a timeout, output over {@value #MAX_SVG_BYTES} bytes — gives an empty
 * result, and the caller falls back to its own layout.
 */
public final class Graphviz {
  /** The largest SVG accepted from {@code dot}. */
  static final int MAX_SVG_BYTES = 4 << 20;

  private final List<String> command;

  private Graphviz(List<String> command) {
    this.command = List.copyOf(command);
  }

  /** {@return Graphviz's {@code dot} from the {@code PATH}, if there is an executable one} */
  public static Optional<Graphviz> find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path dot = Path.of(dir, "dot");
      if (Files.isRegularFile(dot) && Files.isExecutable(dot)) {
        return Optional.of(new Graphviz(List.of(dot.toString(), "-Tsvg")));
      }
    }
    return Optional.empty();
  }

  /**
   * {@return a renderer running {@code command}, which reads DOT on stdin and writes SVG on stdout}
   *
   * @param command a program and its arguments, e.g. {@code ["/usr/bin/dot", "-Tsvg"]}; not empty
   * @throws IllegalArgumentException if {@code command} is empty
   */
  public static Graphviz of(List<String> command) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("the Graphviz command is empty");
    }
    return new Graphviz(command);
  }

  /** {@return the program and its arguments} */
  public List<String> command() {
    return command;
  }

  /** {@return {@code g} drawn by Graphviz within {@code timeout}, or empty if that failed} */
  Optional<String> render(ExprGraph g, Duration timeout) {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return Optional.empty();
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Thread reader = Thread.ofVirtual().start(() -> copy(p.getInputStream(), out));
      try (OutputStream in = p.getOutputStream()) {
        in.write(dot(g).getBytes(StandardCharsets.UTF_8));
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0
          || !reader.join(Duration.ofSeconds(1)) || out.size() > MAX_SVG_BYTES) {
        return Optional.empty();
      }
      String svg = out.toString(StandardCharsets.UTF_8);
      int start = svg.indexOf("<svg");
      return start < 0 ? Optional.empty() : Optional.of(svg.substring(start));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      p.destroyForcibly();
    }
  }

  /** Reads {@code in} into {@code out}, stopping just past {@link #MAX_SVG_BYTES}. */
  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n = in.read(buffer); n >= 0 && out.size() <= MAX_SVG_BYTES; n = in.read(buffer)) {
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // The process died or was killed: render sees an incomplete or failed run.
    }
  }

  /** {@return {@code g} as DOT: bottom to top, HTML labels with the row name under the symbol} */
  static String dot(ExprGraph g) {
    StringBuilder out = new StringBuilder("digraph expr {\n  rankdir=BT;\n")
        .append("  node [fontname=\"Helvetica\", fontsize=12];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for (Node n : g.nodes()) {
      String kind = n.kind().name().toLowerCase(Locale.ROOT);
      String shape = switch (n.kind()) {
        case OP -> "circle";
        case VARIABLE -> "ellipse";
        case CONSTANT -> "box";
      };
      String label = LayeredSvg.escape(n.label())
          + (n.isRow() ? "<BR/><FONT POINT-SIZE=\"9\">" + n.id() + "</FONT>" : "");
      out.append("  \"").append(n.id()).append("\" [id=\"node-").append(n.id()).append("\", class=\"").append(kind)
          .append("\", shape=").append(shape).append(", label=<").append(label).append(">];\n");
    }
    for (Edge e : g.edges()) {
      out.append("  \"").append(e.from()).append("\" -> \"").append(e.to()).append("\" [class=\"edge-")
          .append(e.from()).append('-').append(e.to()).append('"')
          .append(e.argument() >= 0 ? ", label=\"" + e.argument() + "\"" : "").append("];\n");
    }
    return out.append("}\n").toString();
  }
}
