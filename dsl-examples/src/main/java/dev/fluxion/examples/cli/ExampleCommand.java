package dev.fluxion.examples.cli;

import dev.fluxion.examples.CharTransformer;
import dev.fluxion.examples.FashionMnistCnn;
import dev.fluxion.examples.FashionMnistMlp;
import dev.fluxion.examples.FashionMnistSpark;
import dev.fluxion.examples.DpSgdExample;
import dev.fluxion.examples.GaussianProcessExample;
import dev.fluxion.examples.GradCheckExample;
import dev.fluxion.examples.GraphExample;
import dev.fluxion.examples.InitExample;
import dev.fluxion.examples.KotlinCharTransformerExample;
import dev.fluxion.examples.KotlinFashionMnistExample;
import dev.fluxion.examples.KotlinSpiralsExample;
import dev.fluxion.examples.ResNetExample;
import dev.fluxion.examples.SchedulesExample;
import dev.fluxion.examples.SpiralsExample;
import dev.fluxion.examples.XorExample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fluxion example NAME [options]}: the runnable examples. */
@Command(name = "example", mixinStandardHelpOptions = true,
    description = "Run an example; each ends with a line of key=value results.",
    subcommands = {
      XorExample.class,
      SpiralsExample.class,
      SchedulesExample.class,
      InitExample.class,
      GraphExample.class,
      GradCheckExample.class,
      GaussianProcessExample.class,
      DpSgdExample.class,
      KotlinSpiralsExample.class,
      KotlinFashionMnistExample.class,
      FashionMnistMlp.class,
      FashionMnistCnn.class,
      FashionMnistSpark.class,
      ResNetExample.class,
      CharTransformer.class,
      KotlinCharTransformerExample.class,
    })
final class ExampleCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
