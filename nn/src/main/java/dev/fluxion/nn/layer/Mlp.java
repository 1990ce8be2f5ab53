package dev.fluxion.nn.layer;

import dev.fluxion.autodiff.tensor.Checks;
import java.util.ArrayList;
import java.util.List;

/** Builds multilayer perceptrons. */
public final class Mlp {
  private Mlp() {}

  /**
   * {@return dense layers of the given widths with {@code activation} between them (none after the
   * last): {@code of(relu(), 128, 10)} on 784-vectors is 784 → 128 → ReLU → 10}
   *
   * @param widths the output sizes, at least one, each {@code >= 1}
   * @param activation applied after each layer but the last
   * @throws IllegalArgumentException if no widths are given or one is below 1
   */
  public static Sequential of(Activation activation, int... widths) {
    Checks.notNull(activation, "activation");
    Checks.notNull(widths, "widths");
    if (widths.length == 0) {
      throw new IllegalArgumentException("Mlp: no layer widths");
    }
    List<Layer<?, ?>> layers = new ArrayList<>();
    for (int i = 0; i < widths.length; i++) {
      layers.add(Dense.of(widths[i]));
      if (i < widths.length - 1) {
        layers.add(activation);
      }
    }
    return Sequential.of(layers.toArray(new Layer<?, ?>[0]));
  }
}
