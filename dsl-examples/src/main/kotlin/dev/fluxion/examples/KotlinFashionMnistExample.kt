package dev.fluxion.examples

import dev.fluxion.autodiff.tensor.Key
import dev.fluxion.autodiff.tensor.Shape
import dev.fluxion.examples.support.DTypeOption
import dev.fluxion.examples.support.ExampleOptions
import dev.fluxion.examples.support.FashionMnist
import dev.fluxion.examples.support.Plots
import dev.fluxion.examples.support.Summary
import dev.fluxion.kotlin.*
import dev.fluxion.nn.data.DataLoader
import dev.fluxion.nn.data.Mnist
import dev.fluxion.nn.layer.Activation
import dev.fluxion.nn.layer.Dense
import dev.fluxion.nn.layer.Reshape
import dev.fluxion.nn.loss.Losses
import dev.fluxion.nn.optim.Optimizers
import dev.fluxion.nn.train.Loss
import dev.fluxion.nn.train.Trainer
import java.nio.file.Path
import java.util.concurrent.Callable
import picocli.CommandLine.Command
import picocli.CommandLine.Mixin
import picocli.CommandLine.Model.CommandSpec
import picocli.CommandLine.Option
import picocli.CommandLine.Spec

/**
 * `./fluxion example kotlin-fashion-mnist`: a 784-128-10 ReLU network on Fashion-MNIST, as a
 * Kotlin pipeline. The data comes from Debian's `dataset-fashion-mnist` (or `--data DIR` holding
 * the four IDX files), loaded and normalized as the Java examples do; without it the example
 * stops with exit code 2 and says how to get it. Draws the training curves to `--out`.
 */
@Command(
    name = "kotlin-fashion-mnist",
    mixinStandardHelpOptions = true,
    description = ["Kotlin: an MLP classifies Fashion-MNIST clothing images."],
)
class KotlinFashionMnistExample : Callable<Int> {
    @Mixin
    lateinit var options: ExampleOptions

    @Mixin
    lateinit var precision: DTypeOption

    @Option(
        names = ["--data"],
        paramLabel = "DIR",
        defaultValue = DEFAULT_DATA,
        description = ["the directory of the four IDX files (default \${DEFAULT-VALUE})"],
    )
    var data: Path = Path.of(DEFAULT_DATA)

    @Option(names = ["--epochs"], defaultValue = "3", description = ["epochs (default \${DEFAULT-VALUE})"])
    var epochs: Int = 3

    @Option(
        names = ["--limit"],
        paramLabel = "N",
        defaultValue = "60000",
        description = ["use at most N examples of each split (default \${DEFAULT-VALUE}, all)"],
    )
    var limit: Int = 60000

    @Spec
    lateinit var spec: CommandSpec

    override fun call(): Int {
        require(epochs >= 1) { "--epochs must be >= 1, got $epochs" }
        require(limit >= 1) { "--limit must be >= 1, got $limit" }
        val out = spec.commandLine().out
        val seed = options.seed
        val dtype = precision.dtype
        val (train, test) = FashionMnist.load(data, limit, limit, dtype, 28, 28)

        val model = Reshape.flatten() then Dense.of(128) then Activation.relu() then Dense.of(Mnist.CLASSES)
        val params = model.init(Key.of(seed), Shape.of(28, 28), dtype)
        val crossEntropy = Loss { logits, labels -> Losses.softmaxCrossEntropy(logits, labels) }
        val loader = DataLoader.of(train, 64).withShuffle(Key.of(seed).fold(1))

        val started = System.nanoTime()
        val trainer = Trainer.of(model, crossEntropy, Optimizers.adam(1e-3))
        val (state, history) = trainer.fit(params, loader, fitOptions(epochs = epochs, seed = seed, quiet = true))
        val seconds = (System.nanoTime() - started) / 1e9
        val (testLoss, testAccuracy) = trainer.evaluate(state.params, state.modelState, test, 1000)

        if (!options.quiet) {
            out.println("${model.describe()} on ${train.size()} training and ${test.size()} test images")
            history.epochs.forEach { out.println(it.toLine()) }
        }
        val chart = Plots.trainingCurves("Kotlin Fashion-MNIST: training curves", history.epochs)
        out.println("wrote ${Plots.save(chart, options.out, "kotlin-fashion-mnist-training")}")
        Summary.print(out, linkedMapOf(
            "test_accuracy" to testAccuracy,
            "test_loss" to testLoss,
            "train_loss" to history.epochs.last().trainLoss,
            "train_examples" to train.size(),
            "epochs" to epochs,
            "dtype" to dtype.toString(),
            "seconds" to seconds,
        ))
        return 0
    }

    private companion object {
        const val DEFAULT_DATA = FashionMnist.DEFAULT_DIR
    }
}
