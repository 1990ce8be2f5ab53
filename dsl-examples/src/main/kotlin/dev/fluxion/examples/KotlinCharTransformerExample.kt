package dev.fluxion.examples

import dev.fluxion.examples.support.DTypeOption
import dev.fluxion.examples.support.ExampleOptions
import dev.fluxion.examples.support.LanguageModelTraining
import dev.fluxion.nn.layer.Transformer
import dev.fluxion.nn.text.Generation
import java.nio.file.Path
import java.util.concurrent.Callable
import picocli.CommandLine.Command
import picocli.CommandLine.Mixin
import picocli.CommandLine.Model.CommandSpec
import picocli.CommandLine.Option
import picocli.CommandLine.Spec

private const val FORTUNES = "/usr/share/games/fortunes"

/**
 * `./fluxion example kotlin-char-transformer`: the character-level transformer of `char-transformer`,
 * configured from Kotlin: the model is a lambda of the vocabulary size, the run the shared
 * [LanguageModelTraining] (bits per character per epoch, checkpoint, sample, summary line). Without
 * the fortunes text it stops with exit code 2 and the install hint.
 */
@Command(
    name = "kotlin-char-transformer",
    mixinStandardHelpOptions = true,
    description = ["Kotlin: a character-level transformer learns English from fortunes."],
)
class KotlinCharTransformerExample : Callable<Int> {
    @Mixin
    lateinit var options: ExampleOptions

    @Mixin
    lateinit var precision: DTypeOption

    @Option(
        names = ["--data"],
        paramLabel = "DIR",
        defaultValue = FORTUNES,
        description = ["a directory of text files (default \${DEFAULT-VALUE})"],
    )
    var data: Path = Path.of(FORTUNES)

    @Option(names = ["--epochs"], defaultValue = "2", description = ["epochs (default \${DEFAULT-VALUE})"])
    var epochs: Int = 2

    @Option(names = ["--bytes"], defaultValue = "300000", description = ["characters to use (default \${DEFAULT-VALUE})"])
    var bytes: Int = 300000

    @Option(names = ["--context"], defaultValue = "32", description = ["context length (default \${DEFAULT-VALUE})"])
    var context: Int = 32

    @Spec
    lateinit var spec: CommandSpec

    override fun call(): Int {
        val settings = LanguageModelTraining.Settings(
            "kotlin-char-transformer", data, bytes, context, epochs, 32, 3e-3, "The ", 160,
            Generation.Sampling(0.8, 0), precision.dtype, null,
        )
        return LanguageModelTraining.run(
            { vocabulary -> Transformer(vocabulary, 48, 4, 2, context, 0.1) },
            settings, options, spec.commandLine().out,
        )
    }
}
