/**
 * JMH micro-benchmarks of issue 5: GEMM, convolution and pooling, elementwise chains (eager vs
 * compiled), reverse-mode overhead per node, and compile-once vs rebuild-per-step training.
 * Run them with {@code benchmarks/jmh [JMH args]}.
 */
@NullMarked
package dev.fluxion.bench.jmh;

import org.jspecify.annotations.NullMarked;
