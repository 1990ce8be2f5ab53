/**
 * Internal to {@code dev.fluxion.autodiff} (not exported): the forward and reverse sweeps and
 * the eager evaluator that {@code ad}, {@code check} and {@code text} share.
 */
@org.jspecify.annotations.NullMarked
package dev.fluxion.autodiff.ad.internal;
