// Kotlin conveniences where Java cannot reach: a number on the left of an operator, infix pow,
// and destructuring of result records. Everything else is the Java API as Kotlin sees it.
@file:JvmName("FluxionKt")

package dev.fluxion.examples

import dev.fluxion.autodiff.ad.Bindings
import dev.fluxion.autodiff.ad.Jvp
import dev.fluxion.autodiff.ad.ValueAndGrad
import dev.fluxion.autodiff.expr.Expr
import dev.fluxion.autodiff.expr.Fx
import dev.fluxion.autodiff.tensor.Tensor

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

/** Scalar bindings from pairs: `bindings("x1" to 2.0, "x2" to 5.0)`. */
fun bindings(vararg pairs: Pair<String, Double>): Bindings =
    pairs.fold(Bindings.of()) { b, (name, value) -> b.with(name, value) }

/** Tensor bindings from pairs. */
@JvmName("tensorBindings")
fun bindings(vararg pairs: Pair<String, Tensor>): Bindings = Bindings.of(mapOf(*pairs))

operator fun ValueAndGrad.component1(): Tensor = value()

operator fun ValueAndGrad.component2(): Map<String, Tensor> = gradient()

operator fun Jvp.component1(): Tensor = value()

operator fun Jvp.component2(): Tensor = tangent()
