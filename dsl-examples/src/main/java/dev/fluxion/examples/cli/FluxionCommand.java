package dev.fluxion.examples.cli;

import picocli.CommandLine.Command;

/** The top-level {@code fluxion} command. */
@Command(
    name = "fluxion",
    mixinStandardHelpOptions = true,
    versionProvider = FluxionCommand.Version.class,
    description = "Differentiate formulas: gradients, Hessians, evaluation traces and graphs; a playground in the browser.",
    subcommands = {
      EvalCommand.class, GradCommand.class, HessianCommand.class, TraceCommand.class, DotCommand.class,
      ExampleCommand.class, ServeCommand.class
    })
public final class FluxionCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code fluxion --version}: the version, the JVM running it and the matrix-product provider. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "fluxion 0.1.0",
        "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
        "gemm " + dev.fluxion.autodiff.tensor.Tensor.gemmProvider(),
      };
    }
  }
}
