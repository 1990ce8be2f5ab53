/**
 * The Formula lab: a formula at a point, its value, gradient, Hessian, symbolic derivatives,
 * expression graph and forward and reverse evaluation traces, as the JSON the page draws.
 */
@NullMarked
package dev.fluxion.playground.formula;

import org.jspecify.annotations.NullMarked;
