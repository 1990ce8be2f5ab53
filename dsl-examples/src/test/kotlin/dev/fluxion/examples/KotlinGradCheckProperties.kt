package dev.fluxion.examples

import dev.fluxion.autodiff.check.GradCheck
import dev.fluxion.autodiff.expr.Fx.log
import dev.fluxion.autodiff.expr.Fx.sigmoid
import dev.fluxion.autodiff.expr.Fx.softplus
import dev.fluxion.autodiff.expr.Fx.tanh
import dev.fluxion.autodiff.expr.Fx.variable
import dev.fluxion.kotlin.*
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.double
import io.kotest.property.checkAll
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test

/** The project's gradient checks driven by kotest-property from a plain JUnit 5 test. */
class KotlinGradCheckProperties {
    @Test
    fun `should verify a softplus-tanh composition at random points`() = runBlocking {
        val x = variable("x")
        val y = variable("y")
        val point = Arb.double(-2.0..2.0, includeNonFiniteEdgeCases = false)
        val f = tanh(softplus(x) * y) + log(1.0 + sigmoid(x - y)) - (x pow 2) / 4.0
        checkAll(50, PropTestConfig(seed = 20250101L), point, point) { a, b ->
            GradCheck.assertCorrect(f, bindings("x" to a, "y" to b))
        }
        Unit
    }
}
