/**
 * Fluxion's automatic differentiation core: immutable tensors, the {@code Expr} DSL and its ops,
 * forward, reverse and symbolic AD, compiled plans, gradient checks and the formula parser.
 *
 * <p>Exports the public API packages only. The sweeps and the evaluator
 * ({@code dev.fluxion.autodiff.ad.internal}) stay inside. Custom ops implement the public
 * {@link dev.fluxion.autodiff.op.Op} SPI (or extend {@code Unary}/{@code Binary}).
 *
 * <p>The SIMD matrix product uses the incubating Vector API when the JVM has
 * {@code jdk.incubator.vector} ({@code --add-modules jdk.incubator.vector}); without it a scalar
 * kernel computes the same products. The module does not require the incubator module: it adds
 * the read edge at run time when the module is present.
 */
module dev.fluxion.autodiff {
  requires static transitive org.jspecify;

  exports dev.fluxion.autodiff.ad;
  exports dev.fluxion.autodiff.check;
  exports dev.fluxion.autodiff.compile;
  exports dev.fluxion.autodiff.control;
  exports dev.fluxion.autodiff.expr;
  exports dev.fluxion.autodiff.op;
  exports dev.fluxion.autodiff.tensor;
  exports dev.fluxion.autodiff.text;
  exports dev.fluxion.autodiff.transform;
}
