/**
 * Apache Commons Math optimizers on Fluxion functions: non-linear conjugate gradient on a compiled
 * loss and its gradient ({@link dev.fluxion.nn.optim.commons.ConjugateGradient}), and
 * Levenberg–Marquardt on compiled residuals and their Jacobian
 * ({@link dev.fluxion.nn.optim.commons.LeastSquares}). Commons Math types appear in this package's
 * API only; results come back as {@link dev.fluxion.nn.optim.Minimum} parameter trees.
 */
@NullMarked
package dev.fluxion.nn.optim.commons;

import org.jspecify.annotations.NullMarked;
