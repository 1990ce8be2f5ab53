package dev.fluxion.examples

import dev.fluxion.autodiff.ad.AD
import dev.fluxion.autodiff.check.GradCheck
import dev.fluxion.autodiff.expr.Fx.sin
import dev.fluxion.autodiff.expr.Fx.variable
import dev.fluxion.autodiff.tensor.Tensor
import dev.fluxion.autodiff.tensor.Key
import dev.fluxion.autodiff.tensor.Shape
import dev.fluxion.nn.data.DataLoader
import dev.fluxion.nn.data.Synthetic
import dev.fluxion.nn.layer.Activation
import dev.fluxion.kotlin.*
import dev.fluxion.nn.layer.Dense
import dev.fluxion.nn.loss.Losses
import dev.fluxion.nn.optim.Optimizers
import dev.fluxion.nn.train.FitOptions
import dev.fluxion.nn.train.Loss
import dev.fluxion.nn.train.Trainer
import dev.fluxion.nn.tree.Trees
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import kotlin.reflect.typeOf

/**
 * The type the Kotlin compiler inferred for [value], as `typeOf` renders it: a platform type
 * (nullness unknown, Java without annotations) ends in `!`, a nullable one in `?`.
 *
 * A platform type `T!` is assignable both to `T` and to `T?`, so `val t: Tensor = AD.eval(...)`
 * compiles whether or not nullness is known and proves nothing. The reified type argument is
 * what the compiler inferred, platform or not, so its rendering is the proof.
 */
private inline fun <reified T> inferred(@Suppress("UNUSED_PARAMETER") value: T): String = typeOf<T>().toString()

/** JSpecify's `@NullMarked` gives Kotlin real types: no platform type leaks from the API. */
class KotlinNullnessTest {
    private val x = variable("x")
    private val at = bindings("x" to 0.5)

    @Test
    fun `should detect a platform type when Java says nothing about nullness`() {
        assertEquals("kotlin.String!", inferred(System.getProperty("java.version")))
    }

    @Test
    fun `should see non-null types in the NullMarked API`() {
        assertEquals("dev.fluxion.autodiff.expr.Expr", inferred(x * sin(x)))
        assertEquals("dev.fluxion.autodiff.tensor.Tensor", inferred(AD.eval(x * x, at)))
        assertEquals("kotlin.String", inferred(x.name))
        assertEquals("dev.fluxion.autodiff.tensor.Tensor", inferred(AD.valueAndGrad(x * x, at).value))
        assertEquals("kotlin.collections.(Mutable)Map<kotlin.String, dev.fluxion.autodiff.tensor.Tensor>",
            inferred(AD.grad(x * x, at)))
        assertEquals("kotlin.Double", inferred(AD.eval(x, at).item()))
    }

    @Test
    fun `should see nullable types where the API says Nullable`() {
        val report = GradCheck.check(sin(x), at)
        assertEquals("dev.fluxion.autodiff.check.Report.Culprit?", inferred(report.culprit))
        assertEquals(null, report.culprit?.op)
        assertEquals("dev.fluxion.nn.init.Initializer?", inferred(Dense.of(3).weights))
    }

    @Test
    fun `should give lambdas passed to Java non-null parameters`() {
        val types = mutableListOf<String>()
        GradCheck.check({ e -> types += inferred(e); sin(e) }, Tensor.vector(0.1, 0.2))
        assertEquals(listOf("dev.fluxion.autodiff.expr.Expr"), types)
    }

    @Test
    fun `should see JDK collections of real types from trees and training, destructurable`() {
        val model = Dense.of(3) then Activation.tanh() then Dense.of(2)
        val params = model.init(Key.of(0), Shape.of(2))
        assertEquals("kotlin.collections.(Mutable)List<kotlin.Any>", inferred(params))
        assertEquals("kotlin.collections.(Mutable)Map<kotlin.String, dev.fluxion.autodiff.tensor.Tensor>",
            inferred(Trees.tensors(params)))
        assertEquals("kotlin.collections.(Mutable)Map<kotlin.String, dev.fluxion.autodiff.expr.Expr>",
            inferred(Trees.flatten(params).byPath()))
        assertEquals("kotlin.collections.(Mutable)List<dev.fluxion.autodiff.expr.Expr>", inferred(Trees.leaves(params)))
        val shapes = mutableListOf<String>()
        for ((path, tensor) in Trees.tensors(params)) {
            shapes += inferred(path) + " " + inferred(tensor)
        }
        assertEquals(List(4) { "kotlin.String dev.fluxion.autodiff.tensor.Tensor" }, shapes)
        val loss = Loss { o, t -> Losses.softmaxCrossEntropy(o, t) }
        val (state, history) = Trainer.fit(model, params, Optimizers.sgd(0.1), loss, DataLoader.of(Synthetic.xor(), 4),
            null, FitOptions.epochs(2).withQuiet(true))
        assertEquals("kotlin.collections.(Mutable)List<dev.fluxion.nn.train.EpochStats>", inferred(history.epochs))
        assertEquals("java.util.Optional<dev.fluxion.nn.train.EpochStats>", inferred(history.last()))
        assertEquals("kotlin.collections.(Mutable)List<dev.fluxion.nn.train.Callback>",
            inferred(FitOptions.epochs(1).callbacks))
        assertEquals("kotlin.collections.(Mutable)List<dev.fluxion.nn.layer.Layer<*, *>>", inferred(model.layers))
        assertEquals("kotlin.Int", inferred(state.epoch))
    }
}
