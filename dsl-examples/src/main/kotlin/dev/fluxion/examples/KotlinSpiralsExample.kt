package dev.fluxion.examples

import dev.fluxion.autodiff.tensor.Key
import dev.fluxion.autodiff.tensor.Shape
import dev.fluxion.examples.support.DTypeOption
import dev.fluxion.examples.support.ExampleOptions
import dev.fluxion.examples.support.Plots
import dev.fluxion.examples.support.Summary
import dev.fluxion.kotlin.*
import dev.fluxion.nn.data.DataLoader
import dev.fluxion.nn.data.Synthetic
import dev.fluxion.nn.layer.Activation
import dev.fluxion.nn.layer.Dense
import dev.fluxion.nn.loss.Losses
import dev.fluxion.nn.optim.Optimizers
import dev.fluxion.nn.train.Loss
import dev.fluxion.nn.train.Trainer
import java.util.concurrent.Callable
import picocli.CommandLine.Command
import picocli.CommandLine.Mixin
import picocli.CommandLine.Model.CommandSpec
import picocli.CommandLine.Option
import picocli.CommandLine.Spec

/**
 * `./fluxion example kotlin-spirals`: a 2-100-3 ReLU network learns three interleaved spirals,
 * written as a Kotlin pipeline: layers composed with [then], the loss a lambda, results
 * destructured. Draws the training curves to `--out`.
 */
@Command(
    name = "kotlin-spirals",
    mixinStandardHelpOptions = true,
    description = ["Kotlin: a small network learns three interleaved spirals."],
)
class KotlinSpiralsExample : Callable<Int> {
    @Mixin
    lateinit var options: ExampleOptions

    @Mixin
    lateinit var precision: DTypeOption

    @Option(names = ["--epochs"], defaultValue = "150", description = ["epochs (default \${DEFAULT-VALUE})"])
    var epochs: Int = 150

    @Spec
    lateinit var spec: CommandSpec

    override fun call(): Int {
        require(epochs >= 1) { "--epochs must be >= 1, got $epochs" }
        val out = spec.commandLine().out
        val seed = options.seed
        val dtype = precision.dtype
        val data = Synthetic.spirals(3, 100, 0.2, Key.of(seed)).cast(dtype)
        val model = Dense.of(100) then Activation.relu() then Dense.of(3)
        val params = model.init(Key.of(seed).fold(1), Shape.of(2), dtype)
        val loader = DataLoader.of(data, 32).withShuffle(Key.of(seed).fold(2))
        val crossEntropy = Loss { logits, labels -> Losses.softmaxCrossEntropy(logits, labels) }

        val started = System.nanoTime()
        val trainer = Trainer.of(model, crossEntropy, Optimizers.adam(0.01))
        val (state, history) = trainer.fit(params, loader, fitOptions(epochs = epochs, seed = seed, quiet = true))
        val seconds = (System.nanoTime() - started) / 1e9
        val (loss, accuracy) = trainer.evaluate(state.params, state.modelState, data, data.size())

        if (!options.quiet) {
            out.println(model.describe())
            history.epochs.filter { it.epoch % (epochs / 5).coerceAtLeast(1) == 0 }.forEach { out.println(it.toLine()) }
        }
        val chart = Plots.trainingCurves("Kotlin spirals: training curves", history.epochs)
        out.println("wrote ${Plots.save(chart, options.out, "kotlin-spirals-training")}")
        Summary.print(out, linkedMapOf(
            "accuracy" to accuracy,
            "loss" to loss,
            "epochs" to epochs,
            "dtype" to dtype.toString(),
            "seconds" to seconds,
        ))
        return 0
    }
}
