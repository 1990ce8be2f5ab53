/**
 * Gradient verification: seeded generators with shrinking ({@link dev.fluxion.autodiff.check.Gen},
 * {@link dev.fluxion.autodiff.check.Gens}), a property runner ({@link dev.fluxion.autodiff.check.Property})
 * and checks of derivatives against finite differences and against each other
 * ({@link dev.fluxion.autodiff.check.GradCheck}), usable from plain JUnit 5.
 */
@org.jspecify.annotations.NullMarked
package dev.fluxion.autodiff.check;
