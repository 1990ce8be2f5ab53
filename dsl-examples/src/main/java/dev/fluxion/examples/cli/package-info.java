/** The {@code ./fluxion} command line: gradients, Hessians, traces and graphs of formulas. */
@NullMarked
package dev.fluxion.examples.cli;

import org.jspecify.annotations.NullMarked;
