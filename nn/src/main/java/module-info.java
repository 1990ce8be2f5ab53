/**
 * Fluxion's deep-learning library: layers over parameter records, losses, initializers, pure
 * optimizers, data loading, training and checkpoints, on {@code dev.fluxion.autodiff}.
 *
 * <p>Parameter trees are walked by reflection: a module whose records (or Kotlin data classes)
 * are parameter, state or optimizer trees must open their package to this module
 * ({@code opens my.model to dev.fluxion.nn;}) or export it (see
 * {@link dev.fluxion.nn.tree.Trees}).
 */
module dev.fluxion.nn {
  requires transitive dev.fluxion.autodiff;
  requires static transitive org.jspecify;
  requires io.vavr;
  requires org.apache.commons.csv;
  requires me.tongfei.progressbar;
  requires transitive commons.math3;

  exports dev.fluxion.nn.data;
  exports dev.fluxion.nn.init;
  exports dev.fluxion.nn.io;
  exports dev.fluxion.nn.layer;
  exports dev.fluxion.nn.loss;
  exports dev.fluxion.nn.optim;
  exports dev.fluxion.nn.optim.commons;
  exports dev.fluxion.nn.privacy;
  exports dev.fluxion.nn.text;
  exports dev.fluxion.nn.train;
  exports dev.fluxion.nn.tree;
}
