/**
 * Differentially private training (Abadi et al. 2016, "Deep learning with differential privacy"):
 * {@link dev.fluxion.nn.privacy.DpSgd} clips each example's gradient and adds Gaussian noise to their
 * sum; {@link dev.fluxion.nn.privacy.RdpAccountant} says what privacy {@code (ε, δ)} a run of it spends.
 * The per-example gradients come from {@code CompiledModel.perExampleGrads} (vmap of grad).
 */
@NullMarked
package dev.fluxion.nn.privacy;

import org.jspecify.annotations.NullMarked;
