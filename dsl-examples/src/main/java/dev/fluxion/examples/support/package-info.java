/** Shared plumbing of the examples: common options, the summary line, PNG charts. */
@NullMarked
package dev.fluxion.examples.support;

import org.jspecify.annotations.NullMarked;
