package dev.fluxion.consumer

import dev.fluxion.autodiff.expr.Expr
import dev.fluxion.autodiff.expr.Fx.constant
import dev.fluxion.autodiff.expr.Fx.mean
import dev.fluxion.autodiff.tensor.Tensor
import dev.fluxion.kotlin.*
import dev.fluxion.nn.optim.Optimizers
import dev.fluxion.nn.tree.TreeGrad

/** The model's parameters: a plain Kotlin data class (no @JvmRecord) with two Expr leaves and a label. */
data class Line(val slope: Expr, val intercept: Expr, val label: String)

/** The parameters before and after training, and the loss at every step. */
data class Fit(val initial: Line, val trained: Line, val losses: List<Double>)

/** Mean squared error of the line on [LineData]'s samples. */
fun loss(line: Line): Expr {
    val error = line.slope * constant(LineData.xs()) + line.intercept - constant(LineData.ys())
    return mean(error pow 2)
}

/** Fits y = slope * x + intercept from slope = intercept = 0 with Adam, one full-batch step at a time. */
fun fitLine(steps: Int, learningRate: Double): Fit {
    val initial = Line(constant(Tensor.scalar(0.0)), constant(Tensor.scalar(0.0)), "line")
    val optimizer = Optimizers.adam(learningRate)
    var params = initial
    var state = optimizer.init(params)
    val losses = ArrayList<Double>()
    repeat(steps) {
        val result = TreeGrad.valueAndGrad(::loss, params)
        losses += result.value().item()
        val update = optimizer.update(result.grads(), state, params)
        params = Optimizers.applyUpdates(params, update.updates())
        state = update.state()
    }
    return Fit(initial, params, losses)
}
