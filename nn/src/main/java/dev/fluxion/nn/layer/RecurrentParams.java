package dev.fluxion.nn.layer;

import dev.fluxion.autodiff.expr.Expr;

/**
 * The weights of a recurrent layer ({@link LSTM}, {@link GRU}), PyTorch's layout with {@code G}
 * gates stacked along the rows ({@code G = 4} for the LSTM, 3 for the GRU), so a PyTorch layer's
 * weights load unchanged.
 *
 * @param wIh {@code [G·H, D]} ({@code weight_ih_l0})
 * @param wHh {@code [G·H, H]} ({@code weight_hh_l0})
 * @param bIh {@code [G·H]} ({@code bias_ih_l0})
 * @param bHh {@code [G·H]} ({@code bias_hh_l0})
 */
public record RecurrentParams(Expr wIh, Expr wHh, Expr bIh, Expr bHh) {}
