package dev.fluxion.playground.formula;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Formula lab's computation: a formula and a point in, the JSON the page draws out (see
 * {@code docs/playground.md} for its fields). Stateless apart from a small cache of drawings by
 * formula text, so any number of threads and browser tabs may call it at once.
 */
public final class FormulaLab {
  /** The AD survey's example (Baydin et al. 2018), shown when the page opens. */
  public static final String DEFAULT_FORMULA = "ln(x1) + x1*x2 - sin(x2)";
  /** The survey's point. */
  public static final String DEFAULT_POINT = "x1=2, x2=5";
  /** How many drawings the cache keeps. */
  private static final int CACHED = 64;

  /** A drawing: which layout made it, and the SVG. */
  private record Drawing(String layout, String svg) {}

  private final LabLimits limits;
  private final @Nullable Graphviz graphviz;
  private final Map<String, Drawing> drawings = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Drawing> eldest) {
      return size() > CACHED;
    }
  };

  private FormulaLab(LabLimits limits, @Nullable Graphviz graphviz) {
    this.limits = limits;
    this.graphviz = graphviz;
  }

  /**
   * {@return a lab taking input up to {@code limits}, drawing graphs with {@code graphviz} when
   * present and with its own layered layout otherwise}
   *
   * @param limits the largest input accepted
   * @param graphviz the Graphviz renderer (e.g. {@link Graphviz#find()}), or empty for the own layout only
   */
  public static FormulaLab of(LabLimits limits, Optional<Graphviz> graphviz) {
    return new FormulaLab(limits, graphviz.orElse(null));
  }

  /** {@return the limits this lab enforces} */
  public LabLimits limits() {
    return limits;
  }

  /** {@return whether graphs are drawn by Graphviz (else by the lab's own layout)} */
  public boolean hasGraphviz() {
    return graphviz != null;
  }

  /**
   * {@return the lab's JSON for {@code formula} at {@code point}: value, gradient, Hessian, symbolic
   * derivatives, the graph as SVG, the forward traces (one per input) and the reverse trace}
   *
   * @param formula in the CLI's syntax, e.g. {@code ln(x1) + x1*x2 - sin(x2)}
   * @param point a value for every variable, e.g. {@code x1=2, x2=5}
   * @throws LabException naming the field and position of a mistake in the input, an input over
   *     the limits, or a point where a value or derivative is not finite
   */
  public String json(String formula, String point) {
    Analysis a = Analysis.of(formula, point, limits);
    Drawing d = draw(a);
    return LabJson.write(a, d.layout(), d.svg());
  }

  /**
   * The cached drawing of the formula, else Graphviz's, else the layered one. A Graphviz failure is
   * cached too (it would fail again), except when the request was cancelled meanwhile.
   */
  private Drawing draw(Analysis a) {
    synchronized (drawings) {
      Drawing cached = drawings.get(a.formula());
      if (cached != null) {
        return cached;
      }
    }
    Optional<String> svg = graphviz == null ? Optional.empty() : graphviz.render(a.graph(), limits.graphviz());
    Drawing d = svg.map(s -> new Drawing("graphviz", s)).orElseGet(() -> new Drawing("layered", LayeredSvg.of(a.graph())));
    if (!Thread.currentThread().isInterrupted()) { // a request past its time limit: Graphviz may not have had its chance
      synchronized (drawings) {
        drawings.put(a.formula(), d);
      }
    }
    return d;
  }
}
