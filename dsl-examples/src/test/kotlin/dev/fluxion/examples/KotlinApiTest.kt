package dev.fluxion.examples

import dev.fluxion.autodiff.ad.AD
import dev.fluxion.autodiff.expr.Expr
import dev.fluxion.autodiff.expr.Fx.variable
import dev.fluxion.autodiff.tensor.Shape
import dev.fluxion.autodiff.tensor.Tensor
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class KotlinApiTest {
    private val x = variable("x")

    @Test
    fun `operators read as math`() {
        val f: Expr = 2.0 * x * x + 3.0 * x - 1.0 + (x pow 3) / 2.0 - -x
        val (value, gradient) = AD.valueAndGrad(f, bindings("x" to 2.0))
        assertEquals(2 * 4.0 + 6 - 1 + 4 + 2, value.item(), 1e-12)
        assertEquals(4 * 2.0 + 3 + 1.5 * 4 + 1, gradient.getValue("x").item(), 1e-12)
    }

    @Test
    fun `indexing and substitution use get and invoke`() {
        val v = variable("v", 3)
        val second: Expr = v[1]
        val atTwo = (x * x + variable("y"))(mapOf("x" to 2.0 - variable("y")))
        assertEquals(Shape.scalar(), second.shape())
        assertEquals(2.0, AD.eval(atTwo, bindings("y" to 1.0)).item(), 0.0)
        val t = Tensor.vector(1.0, 5.0, 9.0)
        assertEquals(5.0, AD.eval(second, bindings("v" to t)).item(), 0.0)
    }

    @Test
    fun `records read as properties`() {
        val (value, tangent) = AD.jvp(x * x, bindings("x" to 3.0), bindings("x" to 1.0))
        assertEquals(9.0, value.item(), 0.0)
        assertEquals(6.0, tangent.item(), 0.0)
        assertEquals("x", x.name)
        assertEquals(0, x.shape.rank())
    }
}

class KotlinReadmeTest {
    @Test
    fun `the README quotes the Kotlin example verbatim`() {
        val lines = java.io.File("src/main/kotlin/dev/fluxion/examples/SurveyExample.kt").readLines()
        val body = lines.subList(lines.indexOf("    // readme:start") + 1, lines.indexOf("    // readme:end"))
            .joinToString("\n") { it.removePrefix("    ") }
        val readme = java.io.File("../README.md").readText()
        org.junit.jupiter.api.Assertions.assertTrue(readme.contains(body), "README.md must quote SurveyExample.kt")
    }
}
