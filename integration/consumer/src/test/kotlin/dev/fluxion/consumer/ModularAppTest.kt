package dev.fluxion.consumer

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Nested
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.lang.module.Configuration
import java.lang.module.ModuleFinder
import java.lang.reflect.InvocationTargetException
import java.nio.file.Files
import java.nio.file.Path
import javax.tools.ToolProvider

/**
 * A modular application (module `app`, compiled here against the Fluxion jars on the module path)
 * trains a line with Adam and asks `Trees.count` to walk its parameter records, in a module layer
 * of its own. Which records need an `opens ... to dev.fluxion.nn` is what README "Use Fluxion from
 * your build" states. The library jars are named modules: their descriptors export the API
 * packages only, and the application cannot compile against an internal package.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModularAppTest {
    private lateinit var layer: ModuleLayer

    /** The jars of the test class path that belong to Fluxion and its runtime dependencies. */
    private val jars: List<Path> = System.getProperty("java.class.path").split(File.pathSeparator)
        .filter { it.endsWith(".jar") && !Regex("junit|opentest4j|apiguardian|surefire").containsMatchIn(it) }
        .map { Path.of(it) }

    private val sources = mapOf(
        "module-info.java" to """
            module app {
              requires dev.fluxion.nn;
              requires dev.fluxion.kotlin;
              exports app.api;
              opens app.open to dev.fluxion.nn;
            }""",
        "app/api/Train.java" to """
            package app.api;
            import static dev.fluxion.autodiff.expr.Fx.constant;
            import static dev.fluxion.autodiff.expr.Fx.mean;
            import static dev.fluxion.autodiff.expr.Fx.square;
            import dev.fluxion.autodiff.expr.Expr;
            import dev.fluxion.autodiff.tensor.Tensor;
            import dev.fluxion.nn.optim.Optimizers;
            import dev.fluxion.nn.tree.TreeGrad;
            import dev.fluxion.nn.tree.Trees;
            import app.open.Opened;
            public final class Train {
              private Train() {}
              static Expr loss(Opened line) {
                Tensor x = Tensor.vector(-1, -0.5, 0, 0.5, 1);
                Tensor y = Tensor.vector(-4, -2.5, -1, 0.5, 2);
                return mean(square(line.w().times(constant(x)).plus(line.b()).minus(constant(y))));
              }
              /** Fits y = 3x - 1 with Adam from zeros; returns {slope, intercept, first loss, last loss}. */
              public static double[] fit(int steps) {
                var line = new Opened(constant(Tensor.scalar(0)), constant(Tensor.scalar(0)));
                var adam = Optimizers.adam(0.1);
                var state = adam.init(line);
                double first = Double.NaN, last = Double.NaN;
                for (int i = 0; i < steps; i++) {
                  var r = TreeGrad.valueAndGrad(Train::loss, line);
                  last = r.value().item();
                  if (i == 0) first = last;
                  var u = adam.update(r.grads(), state, line);
                  line = Optimizers.applyUpdates(line, u.updates());
                  state = u.state();
                }
                return new double[] {Trees.value(line.w()).item(), Trees.value(line.b()).item(), first, last};
              }
            }""",
        "app/api/Walk.java" to """
            package app.api;
            import static dev.fluxion.autodiff.expr.Fx.constant;
            import dev.fluxion.autodiff.tensor.Tensor;
            import dev.fluxion.nn.tree.Trees;
            public final class Walk {
              private Walk() {}
              public static long count(String which) {
                var w = constant(Tensor.vector(1, 2));
                var b = constant(Tensor.scalar(3));
                return switch (which) {
                  case "exported" -> Trees.count(new Exported(w, b));
                  case "package-private" -> Trees.count(new Local(w, b));
                  case "opened" -> Trees.count(new app.open.Opened(w, b));
                  case "hidden" -> Trees.count(new app.hidden.Hidden(w, b));
                  default -> throw new IllegalArgumentException(which);
                };
              }
            }""",
        "app/api/Exported.java" to """
            package app.api;
            public record Exported(dev.fluxion.autodiff.expr.Expr w, dev.fluxion.autodiff.expr.Expr b) {}""",
        "app/api/Local.java" to """
            package app.api;
            record Local(dev.fluxion.autodiff.expr.Expr w, dev.fluxion.autodiff.expr.Expr b) {}""",
        "app/open/Opened.java" to """
            package app.open;
            public record Opened(dev.fluxion.autodiff.expr.Expr w, dev.fluxion.autodiff.expr.Expr b) {}""",
        "app/hidden/Hidden.java" to """
            package app.hidden;
            public record Hidden(dev.fluxion.autodiff.expr.Expr w, dev.fluxion.autodiff.expr.Expr b) {}""",
    )

    @BeforeAll
    fun buildApp(@TempDir dir: Path) {
        val src = dir.resolve("src")
        val files = sources.map { (name, text) ->
            src.resolve(name).also { Files.createDirectories(it.parent); Files.writeString(it, text.trimIndent()) }
        }
        val out = dir.resolve("app")
        val modulePath = jars.joinToString(File.pathSeparator)
        val code = ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", out.toString(), "--module-path", modulePath, *files.map { it.toString() }.toTypedArray())
        assertEquals(0, code, "javac of the modular app")
        val finder = ModuleFinder.of(out, *jars.toTypedArray())
        // As `java --module-path ... -m app`: the named Fluxion modules require what they use.
        val config: Configuration = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), setOf("app"))
        layer = ModuleLayer.boot().defineModulesWithOneLoader(config, ClassLoader.getPlatformClassLoader())
    }

    private fun count(which: String): Long {
        val walk = layer.findLoader("app").loadClass("app.api.Walk")
        try {
            return walk.getMethod("count", String::class.java).invoke(null, which) as Long
        } catch (e: InvocationTargetException) {
            throw e.cause!!
        }
    }

    @Nested
    inner class Training {
        @Test
        fun `should fit the line with Adam inside the application module`() {
            val fit = layer.findLoader("app").loadClass("app.api.Train").getMethod("fit", Int::class.java)
                .invoke(null, 300) as DoubleArray
            assertEquals(3.0, fit[0], 1e-2, "slope")
            assertEquals(-1.0, fit[1], 1e-2, "intercept")
            assertTrue(fit[3] < 1e-4 * fit[2], "loss ${fit[2]} -> ${fit[3]}")
        }

        @Test
        fun `should use the Vector API matrix product from the named module`() {
            val tensor = layer.findLoader("dev.fluxion.autodiff").loadClass("dev.fluxion.autodiff.tensor.Tensor")
            assertTrue(tensor.module.isNamed && tensor.module.name == "dev.fluxion.autodiff", tensor.module.toString())
            val provider = tensor.getMethod("gemmProvider").invoke(null) as String
            assertTrue(provider.startsWith("VectorGemm"), provider)
        }

        @Test
        fun `should resolve the Fluxion modules and their dependencies by name`() {
            val resolved = layer.modules().map { it.name }.toSet()
            assertTrue(resolved.containsAll(listOf("dev.fluxion.autodiff", "dev.fluxion.nn", "dev.fluxion.kotlin",
                "kotlin.stdlib", "io.vavr", "org.apache.commons.csv", "me.tongfei.progressbar")), resolved.toString())
            listOf("dev.fluxion.autodiff", "dev.fluxion.nn", "dev.fluxion.kotlin").forEach {
                assertTrue(!layer.findModule(it).get().descriptor.isAutomatic, "$it is automatic")
            }
        }
    }

    @Nested
    inner class Records {
        @Test
        fun `should walk a public record in an exported package without opens`() {
            assertEquals(3L, count("exported"))
        }

        @Test
        fun `should walk a record in a package opened to dev_fluxion_nn`() {
            assertEquals(3L, count("opened"))
        }

        @Test
        fun `should name the record, its module and the opens line to add for a package-private record`() {
            val e = assertThrows<IllegalArgumentException> { count("package-private") }
            assertTrue(e.message!!.contains("app.api.Local") && e.message!!.contains("'opens app.api to dev.fluxion.nn;'")
                && e.message!!.contains("module app"), e.message)
        }

        @Test
        fun `should name the record and the opens line for a record in a package neither exported nor opened`() {
            val e = assertThrows<IllegalArgumentException> { count("hidden") }
            assertTrue(e.message!!.contains("app.hidden.Hidden") && e.message!!.contains("'opens app.hidden to dev.fluxion.nn;'"),
                e.message)
        }
    }
}
