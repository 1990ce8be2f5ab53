/**
 * Primitive ops, each with its shape rule, value kernel and JVP/VJP rules side by side.
 */
@org.jspecify.annotations.NullMarked
package dev.fluxion.autodiff.op;
