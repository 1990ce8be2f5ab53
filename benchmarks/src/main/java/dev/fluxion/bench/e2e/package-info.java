/**
 * The end-to-end training comparison with PyTorch: {@link dev.fluxion.bench.e2e.TrainRun} trains
 * one of three Fashion-MNIST models and {@code benchmarks/e2e/compare} runs it next to
 * {@code benchmarks/e2e/train_torch.py} on the same data, initial weights and batch order;
 * {@link dev.fluxion.bench.e2e.LmRun} trains a character-level transformer language model, which
 * {@code benchmarks/e2e/compare-lm} runs next to {@code benchmarks/e2e/train_lm_torch.py} the same way.
 */
@NullMarked
package dev.fluxion.bench.e2e;

import org.jspecify.annotations.NullMarked;
