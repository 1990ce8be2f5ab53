package dev.fluxion.examples.cli;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.NonFinite;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Collection;
import java.util.Optional;

/** Where a formula's first NaN or infinity appears, when a command's results contain one. */
final class NonFiniteNote {
  private NonFiniteNote() {}

  /**
   * {@return {@link NonFinite#find}'s report for {@code f} at {@code at} if any of {@code results} is not
   * finite, e.g. {@code value of exp(x) (op exp) is Infinity at element 0; arguments: x = 800.0}}
   */
  static Optional<String> of(Expr f, Bindings at, Collection<Tensor> results) {
    if (results.stream().allMatch(Tensor::allFinite)) {
      return Optional.empty();
    }
    return NonFinite.find(f, at).map(NonFinite.Report::toString);
  }
}
