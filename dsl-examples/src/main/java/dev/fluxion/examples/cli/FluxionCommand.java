package dev.fluxion.examples.cli;

import picocli.CommandLine.Command;

/** The top-level {@code fluxion} command. */
@Command(
    name = "fluxion",
    mixinStandardHelpOptions = true,
    version = "fluxion 0.1.0",
    description = "Differentiate formulas: gradients, Hessians, evaluation traces and graphs.",
    subcommands = {
      EvalCommand.class, GradCommand.class, HessianCommand.class, TraceCommand.class, DotCommand.class,
      ExampleCommand.class
    })
public final class FluxionCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
