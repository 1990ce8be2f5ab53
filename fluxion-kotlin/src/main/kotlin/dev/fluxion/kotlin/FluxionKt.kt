// Kotlin conveniences where Java cannot reach: a number on the left of an operator, infix pow and
// infix layer composition, bindings from pairs, fit options by name, and destructuring of result
// records (Kotlin gives Java records properties but no componentN). Everything else is the Java API as Kotlin sees it.
// Use with `import dev.fluxion.kotlin.*`.
@file:JvmName("FluxionKt")

package dev.fluxion.kotlin

import dev.fluxion.autodiff.ad.Bindings
import dev.fluxion.autodiff.ad.Dual
import dev.fluxion.autodiff.ad.Jvp
import dev.fluxion.autodiff.ad.ValueAndGrad
import dev.fluxion.autodiff.expr.EighResult
import dev.fluxion.autodiff.expr.Expr
import dev.fluxion.autodiff.expr.Fx
import dev.fluxion.autodiff.tensor.Tensor
import dev.fluxion.nn.data.Dataset
import dev.fluxion.nn.data.Mnist
import dev.fluxion.nn.layer.Layer
import dev.fluxion.nn.layer.Sequential
import java.io.PrintStream
import java.util.function.Function
import dev.fluxion.nn.optim.Schedule
import dev.fluxion.nn.train.Callback
import dev.fluxion.nn.train.FitOptions
import dev.fluxion.nn.train.History
import dev.fluxion.nn.train.TrainState
import dev.fluxion.nn.train.Trainer

/** `c + x`. */
operator fun Double.plus(x: Expr): Expr = Fx.scalar(this).plus(x)

/** `c - x`. */
operator fun Double.minus(x: Expr): Expr = Fx.scalar(this).minus(x)

/** `c * x`. */
operator fun Double.times(x: Expr): Expr = Fx.scalar(this).times(x)

/** `c / x`. */
operator fun Double.div(x: Expr): Expr = Fx.scalar(this).div(x)

/** `x ^ n` as an infix call: `x pow 2`. */
infix fun Expr.pow(n: Int): Expr = this.pow(n.toDouble())

/** `c + d`: the constant [Dual] `c` plus `d`. */
operator fun Double.plus(d: Dual): Dual = Dual.constant(this).plus(d)

/** `c - d`. */
operator fun Double.minus(d: Dual): Dual = Dual.constant(this).minus(d)

/** `c * d`. */
operator fun Double.times(d: Dual): Dual = Dual.constant(this).times(d)

/** `c / d`. */
operator fun Double.div(d: Dual): Dual = Dual.constant(this).div(d)

/** `d ^ n` as an infix call: `d pow 2`. */
infix fun Dual.pow(n: Int): Dual = this.pow(n.toDouble())

/** `val (primal, tangent) = f(Dual.variable(x))`. */
operator fun Dual.component1(): Tensor = primal()

/** The coefficient of the dual's own ε. */
operator fun Dual.component2(): Tensor = tangent()

/** Scalar bindings from pairs: `bindings("x1" to 2.0, "x2" to 5.0)`. */
fun bindings(vararg pairs: Pair<String, Double>): Bindings =
    pairs.fold(Bindings.of()) { b, (name, value) -> b.with(name, value) }

/** Tensor bindings from pairs. */
@JvmName("tensorBindings")
fun bindings(vararg pairs: Pair<String, Tensor>): Bindings = Bindings.of(mapOf(*pairs))

/**
 * This layer, then [next], as one flat [Sequential]:
 * `Dense.of(128) then Activation.relu() then Dense.of(10)`. (The Java method `andThen` does the
 * same, but Kotlin allows infix calls only to functions declared `infix`.)
 */
infix fun Layer<*, *>.then(next: Layer<*, *>): Sequential = Sequential.of(this, next)

/** `val (value, gradient) = AD.valueAndGrad(f, at)`. */
operator fun ValueAndGrad.component1(): Tensor = value()

/** The gradient by variable name. */
operator fun ValueAndGrad.component2(): Map<String, Tensor> = gradient()

/** `val (value, tangent) = AD.jvp(f, at, tangents)`. */
operator fun Jvp.component1(): Tensor = value()

/** The tangent of the output. */
operator fun Jvp.component2(): Tensor = tangent()

/** `val (w, v) = Fx.eigh(a)`: the eigenvalues `[..., n]`, ascending. */
operator fun EighResult.component1(): Expr = eigenvalues()

/** The eigenvectors `[..., n, n]`, one per column. */
operator fun EighResult.component2(): Expr = eigenvectors()

/**
 * [FitOptions] by name, each argument defaulting as in [FitOptions.defaults]:
 * `trainer.fit(params, loader, fitOptions(epochs = 3, validation = test, quiet = true))`.
 * [penalty] is a regularizer of the parameter record added to the loss; [learningRate] is only
 * reported in the statistics; [microBatches] splits every batch into that many micro-batches summed in
 * tree order (0: one fused step), as data-parallel workers would.
 */
fun fitOptions(
    epochs: Int = 1,
    seed: Long = 0,
    validation: Dataset? = null,
    callbacks: List<Callback> = emptyList(),
    penalty: ((Any) -> Expr)? = null,
    learningRate: Schedule? = null,
    quiet: Boolean = false,
    out: PrintStream = System.err,
    microBatches: Int = 0,
): FitOptions = FitOptions(epochs, seed, callbacks, penalty?.let { p -> Function<Any, Expr> { p(it) } }, learningRate,
    quiet, out, validation, microBatches)

/** `val (state, history) = trainer.fit(...)`. */
operator fun <P : Any, S : Any, O : Any> Trainer.Fitted<P, S, O>.component1(): TrainState<P, S, O> = state()

/** The per-epoch statistics. */
operator fun Trainer.Fitted<*, *, *>.component2(): History = history()

/** `val (loss, accuracy) = trainer.evaluate(...)`. */
operator fun Trainer.Evaluation.component1(): Double = loss()

/** The fraction of correct predictions. */
operator fun Trainer.Evaluation.component2(): Double = accuracy()

/** `val (train, test) = Mnist.load(dir)`. */
operator fun Mnist.Data.component1(): Dataset = train()

/** The test split. */
operator fun Mnist.Data.component2(): Dataset = test()
