package dev.fluxion.examples.support;

import dev.fluxion.autodiff.tensor.DType;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --dtype float32|float64} option of the training examples: the dtype of the model's
 * parameters, its data and its training. float32 by default, as PyTorch and JAX users expect.
 */
public final class DTypeOption {
  /** The dtype the example trains in. */
  public DType dtype = DType.FLOAT32;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  /**
   * Sets {@link #dtype}.
   *
   * @throws ParameterException if {@code name} is neither float32 nor float64
   */
  @Option(names = "--dtype", paramLabel = "DTYPE",
      description = "float32 or float64: parameters, data and training (default float32)")
  void setDType(String name) {
    dtype = parse(spec.commandLine(), name);
  }

  /**
   * {@return the dtype spelled {@code name}}
   *
   * @param line the command line, for the error
   * @param name float32 or float64 (also f32, f64, float, double)
   * @throws ParameterException naming the option and the accepted values otherwise
   */
  static DType parse(CommandLine line, String name) {
    try {
      return DType.floatOf(name);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(line, "--dtype: " + e.getMessage());
    }
  }
}
