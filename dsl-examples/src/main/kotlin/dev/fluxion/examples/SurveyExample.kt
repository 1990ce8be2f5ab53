package dev.fluxion.examples

import dev.fluxion.autodiff.ad.AD
import dev.fluxion.autodiff.expr.Fx.log
import dev.fluxion.autodiff.expr.Fx.sin
import dev.fluxion.autodiff.expr.Fx.variable
import dev.fluxion.kotlin.*

/** The README's Kotlin example: the AD survey's f(x1, x2) = ln x1 + x1 x2 - sin x2 at (2, 5). */
fun main() {
    // readme:start
    val x1 = variable("x1")
    val x2 = variable("x2")
    val f = log(x1) + x1 * x2 - sin(x2)
    val (value, gradient) = AD.valueAndGrad(f, bindings("x1" to 2.0, "x2" to 5.0))
    println("f = ${value.item()}, df/dx1 = ${gradient["x1"]?.item()}")
    val g = 3.0 * (x1 pow 2) - x1 / 2.0                     // numbers on the left, infix pow
    // readme:end
    println("g'(2) = ${AD.grad(g, bindings("x1" to 2.0), "x1").item()}")
}
