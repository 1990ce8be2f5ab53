/**
 * Expressions as text and pictures: {@link dev.fluxion.autodiff.text.Formula} parses math
 * formulas into expressions, {@link dev.fluxion.autodiff.text.Dot} draws expression DAGs in
 * Graphviz DOT, and {@link dev.fluxion.autodiff.text.Trace} prints teaching traces (Wengert
 * lists with primal values, tangents and adjoints).
 */
@org.jspecify.annotations.NullMarked
package dev.fluxion.autodiff.text;
