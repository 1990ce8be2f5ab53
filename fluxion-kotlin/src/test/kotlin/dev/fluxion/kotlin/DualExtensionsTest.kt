package dev.fluxion.kotlin

import dev.fluxion.autodiff.ad.AD
import dev.fluxion.autodiff.ad.Dual
import dev.fluxion.autodiff.expr.Expr
import dev.fluxion.autodiff.expr.Fx.log
import dev.fluxion.autodiff.expr.Fx.sin
import dev.fluxion.autodiff.expr.Fx.variable
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Nested
import org.junit.jupiter.api.Test
import kotlin.math.cos
import kotlin.math.sin

/** Dual numbers from Kotlin: Java's operator-named methods, the number-first extensions, nesting. */
class DualExtensionsTest {
    private val x = Dual.of(4.0, 0.5)

    /** The same computation on the constant written as a Dual, through the Java methods. */
    private fun assertSameDual(expected: Dual, actual: Dual) {
        assertArrayEquals(expected.primal().toArray(), actual.primal().toArray(), 0.0)
        assertArrayEquals(expected.tangent().toArray(), actual.tangent().toArray(), 0.0)
    }

    @Nested
    inner class NumbersOnTheLeft {
        @Test
        fun `should add subtract multiply and divide with the number first`() {
            assertSameDual(Dual.constant(2.5).plus(x), 2.5 + x)
            assertSameDual(Dual.constant(2.5).minus(x), 2.5 - x)
            assertSameDual(Dual.constant(2.5).times(x), 2.5 * x)
            assertSameDual(Dual.constant(2.5).div(x), 2.5 / x)
        }

        @Test
        fun `should carry the tangent through the number-first operators`() {
            assertEquals(0.5, (2.5 + x).tangent().item(), 0.0)
            assertEquals(-0.5, (1.0 - x).tangent().item(), 0.0)
            assertEquals(1.0, (2.0 * x).tangent().item(), 0.0)
            assertEquals(-2.5 * 0.5 / 16.0, (2.5 / x).tangent().item(), 1e-15)
        }

        @Test
        fun `should raise to an integer power infix and destructure`() {
            val (primal, tangent) = x pow 3
            assertEquals(64.0, primal.item(), 0.0)
            assertEquals(3 * 16.0 * 0.5, tangent.item(), 1e-12)
        }
    }

    @Nested
    inner class SurveyExample {
        @Test
        fun `should give the tangent along x1 with operators`() {
            val x1 = Dual.variable(2.0)
            val x2 = Dual.constant(5.0)
            val (value, tangent) = x1.log() + x1 * x2 - x2.sin()
            val e: Expr = log(variable("x1")) + variable("x1") * variable("x2") - sin(variable("x2"))
            val (jvpValue, jvpTangent) = AD.jvp(e, bindings("x1" to 2.0, "x2" to 5.0), bindings("x1" to 1.0))
            assertEquals(jvpValue.item(), value.item(), 0.0)
            assertEquals(5.5, tangent.item(), 0.0)
            assertEquals(jvpTangent.item(), tangent.item(), 0.0)
        }
    }

    @Nested
    inner class Nesting {
        @Test
        fun `should give a second derivative by nesting`() {
            val f = { d: Dual -> 2.0 * d.sin() - d * d }
            val second = Dual.derivative(Dual.derivative(f)).apply(Dual.constant(0.3))
            assertEquals(-2.0 * sin(0.3) - 2.0, second.primal().item(), 1e-14)
            val tower = f(Dual.of(Dual.variable(0.3), Dual.constant(1.0)))
            assertEquals(2.0 * cos(0.3) - 0.6, tower.tangent().item(), 1e-14)
            assertEquals(-2.0 * sin(0.3) - 2.0, tower.tangentPart().tangent().item(), 1e-14)
        }

        @Test
        fun `should not confuse perturbations`() {
            val outer = { xd: Dual -> xd * Dual.derivative { y: Dual -> xd + y }.apply(Dual.constant(1.0)) }
            assertEquals(1.0, Dual.derivative(outer).apply(Dual.constant(2.0)).primal().item(), 0.0)
        }
    }
}
