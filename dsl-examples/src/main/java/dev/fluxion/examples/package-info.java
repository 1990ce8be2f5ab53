/** Runnable examples of the Fluxion DSL, in Java and Kotlin. */
@NullMarked
package dev.fluxion.examples;

import org.jspecify.annotations.NullMarked;
