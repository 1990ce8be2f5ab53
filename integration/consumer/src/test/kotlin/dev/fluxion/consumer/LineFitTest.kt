package dev.fluxion.consumer

import dev.fluxion.nn.tree.Trees
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** A project outside the repository trains a model whose parameters are a Kotlin data class. */
class LineFitTest {
    private val fit = fitLine(300, 0.1)

    @Test
    fun `should see the data class leaves as parameters`() {
        assertEquals(2L, Trees.count(fit.initial), Trees.show(fit.initial))
    }

    @Test
    fun `should lower the loss by training`() {
        val first = fit.losses.first()
        val last = fit.losses.last()
        assertTrue(last < first / 100, "loss $first -> $last")
    }

    @Test
    fun `should move the data class leaves to the true line`() {
        val slope = Trees.value(fit.trained.slope).item()
        val intercept = Trees.value(fit.trained.intercept).item()
        assertEquals(LineData.SLOPE, slope, 0.05, "slope")
        assertEquals(LineData.INTERCEPT, intercept, 0.05, "intercept")
        assertEquals("line", fit.trained.label)
    }
}
