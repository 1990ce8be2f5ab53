/** Benchmarks: JMH micro-benchmarks and the end-to-end training runs of docs/performance.md. */
@NullMarked
package dev.fluxion.bench;

import org.jspecify.annotations.NullMarked;
