package dev.fluxion.examples;

import dev.fluxion.examples.support.DTypeOption;
import dev.fluxion.examples.support.ExampleOptions;
import dev.fluxion.examples.support.LanguageModelTraining;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.layer.Embedding;
import dev.fluxion.nn.layer.LSTM;
import dev.fluxion.nn.layer.Layer;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.layer.Transformer;
import dev.fluxion.nn.text.Corpus;
import dev.fluxion.nn.text.Generation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fluxion example char-transformer}: a small decoder-only transformer (or, with
 * {@code --model lstm}, an LSTM) learns English character by character from Debian's fortunes,
 * reports validation bits per character after every epoch, checkpoints and resumes exactly, and
 * prints a generated sample.
 */
@Command(name = "char-transformer", mixinStandardHelpOptions = true,
    description = "A character-level transformer (or LSTM) language model learns English from fortunes.")
public final class CharTransformer implements Callable<Integer> {
  @Mixin
  ExampleOptions options;

  @Mixin
  DTypeOption dtype;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "/usr/share/games/fortunes",
      description = "a directory of text files (default ${DEFAULT-VALUE}: sudo apt-get install fortunes)")
  Path data = Corpus.FORTUNES;

  @Option(names = "--model", defaultValue = "transformer", description = "transformer or lstm (default ${DEFAULT-VALUE})")
  String model = "transformer";

  @Option(names = "--bytes", defaultValue = "1000000", description = "characters of the corpus to use (default ${DEFAULT-VALUE})")
  int bytes;

  @Option(names = "--context", defaultValue = "64", description = "context length T (default ${DEFAULT-VALUE})")
  int context;

  @Option(names = "--dim", defaultValue = "64", description = "model size D (default ${DEFAULT-VALUE})")
  int dim;

  @Option(names = "--heads", defaultValue = "4", description = "attention heads (default ${DEFAULT-VALUE})")
  int heads;

  @Option(names = "--layers", defaultValue = "2", description = "transformer blocks (default ${DEFAULT-VALUE})")
  int layers;

  @Option(names = "--dropout", defaultValue = "0.1", description = "dropout rate (default ${DEFAULT-VALUE})")
  double dropout;

  @Option(names = "--epochs", defaultValue = "3", description = "total epochs (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "32", description = "windows per step (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.003", description = "Adam's learning rate (default ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--prompt", defaultValue = "The ", description = "the sample's beginning (default \"${DEFAULT-VALUE}\")")
  String prompt;

  @Option(names = "--sample-length", defaultValue = "200", description = "characters to generate (default ${DEFAULT-VALUE})")
  int sampleLength;

  @Option(names = "--temperature", defaultValue = "0.8", description = "sampling temperature, 0 for greedy (default ${DEFAULT-VALUE})")
  double temperature;

  @Option(names = "--top-k", defaultValue = "0", description = "sample among the k likeliest, 0 for all (default ${DEFAULT-VALUE})")
  int topK;

  @Option(names = "--resume", paramLabel = "FILE", description = "continue from a checkpoint this example wrote")
  Path resume;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    String kind = model.toLowerCase(Locale.ROOT);
    if (!kind.equals("transformer") && !kind.equals("lstm")) {
      throw new IllegalArgumentException("--model must be transformer or lstm, got " + model);
    }
    var settings = new LanguageModelTraining.Settings("char-" + kind, data, bytes, context, epochs, batchSize, lr,
        prompt, sampleLength, new Generation.Sampling(temperature, topK), dtype.dtype, resume);
    var out = spec.commandLine().getOut();
    return kind.equals("lstm") ? LanguageModelTraining.run(this::lstm, settings, options, out)
        : LanguageModelTraining.run(this::transformer, settings, options, out);
  }

  private Layer<Transformer.Params, dev.fluxion.nn.layer.NoState> transformer(int vocabulary) {
    return new Transformer(vocabulary, dim, heads, layers, context, dropout);
  }

  private Sequential lstm(int vocabulary) {
    return Sequential.of(new Embedding(vocabulary, dim), new LSTM(dim), new Dense(vocabulary, true));
  }
}
