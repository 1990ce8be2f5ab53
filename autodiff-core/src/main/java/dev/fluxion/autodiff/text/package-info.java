/**
 * Expressions as text and pictures: {@link dev.fluxion.autodiff.text.Formula} parses math
 * formulas into expressions, {@link dev.fluxion.autodiff.text.Dot} draws expression DAGs in
 * Graphviz DOT.
 */
@org.jspecify.annotations.NullMarked
package dev.fluxion.autodiff.text;
