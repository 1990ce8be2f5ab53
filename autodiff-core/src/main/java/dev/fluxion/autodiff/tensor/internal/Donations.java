package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.Pointwise;
import java.util.function.BiFunction;

/**
 * The one door to {@code Pointwise}'s buffer donation, for compiled plans only: this package is not
 * exported, so no user of the library can hand a tensor over to be overwritten (tensors are
 * immutable to everyone outside a plan run). {@code Pointwise} installs the hook when it loads, as the
 * JDK's shared-secrets pattern does.
 */
public final class Donations {
  private static volatile BiFunction<Pointwise, boolean[], Pointwise> hook;

  private Donations() {}

  /**
   * Installs {@code Pointwise}'s package-private {@code donating}; called once, by {@code Pointwise}.
   *
   * @throws IllegalStateException if a hook is already installed
   */
  public static synchronized void install(BiFunction<Pointwise, boolean[], Pointwise> donating) {
    if (hook != null) {
      throw new IllegalStateException("Donations: the hook is installed already");
    }
    hook = donating;
  }

  /**
   * {@return {@code program} with the inputs flagged in {@code handedOver} marked as overwritable}
   *
   * @param handedOver one flag per input of {@code program}; flag only storage the caller made for
   *     this run alone and never reads again
   * @throws IllegalArgumentException if the length differs from the number of inputs
   */
  public static Pointwise donating(Pointwise program, boolean[] handedOver) {
    return hook.apply(program, handedOver);
  }
}
