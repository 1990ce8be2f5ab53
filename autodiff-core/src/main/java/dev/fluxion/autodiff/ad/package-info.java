/**
 * The AD transforms: evaluation, forward and reverse mode and symbolic derivatives, behind the
 * {@link dev.fluxion.autodiff.ad.AD} facade.
 */
@org.jspecify.annotations.NullMarked
package dev.fluxion.autodiff.ad;
