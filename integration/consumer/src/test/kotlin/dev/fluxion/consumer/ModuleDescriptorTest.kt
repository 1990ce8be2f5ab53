package dev.fluxion.consumer

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Nested
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.ByteArrayOutputStream
import java.io.File
import java.lang.module.ModuleDescriptor
import java.nio.file.Files
import java.nio.file.Path
import java.util.jar.JarFile
import javax.tools.ToolProvider

/**
 * The published jars' `module-info.class`: each library module exports exactly its API packages,
 * unqualified, keeps its internals (sweeps, evaluator) in packages it does not export, and an
 * application module cannot compile against them.
 */
class ModuleDescriptorTest {
    private val jars: List<Path> = System.getProperty("java.class.path").split(File.pathSeparator)
        .filter { it.endsWith(".jar") }
        .map { Path.of(it) }

    /** The descriptor of the library jar whose module is [name]. */
    private fun descriptor(name: String): ModuleDescriptor =
        jars.asSequence().mapNotNull { jar ->
            JarFile(jar.toFile()).use { j ->
                j.getJarEntry("module-info.class")?.let { e -> j.getInputStream(e).use { ModuleDescriptor.read(it) } }
            }
        }.firstOrNull { it.name() == name } ?: throw AssertionError("no jar with module-info.class for $name in $jars")

    private fun exports(name: String): Set<String> {
        val d = descriptor(name)
        d.exports().forEach { assertFalse(it.isQualified, "$name exports ${it.source()} to ${it.targets()}") }
        return d.exports().map { it.source() }.toSet()
    }

    @Nested
    inner class Exports {
        @Test
        fun `should export exactly the autodiff API packages`() {
            val p = "dev.fluxion.autodiff"
            assertEquals(setOf("ad", "check", "compile", "control", "expr", "op", "tensor", "text", "transform").map { "$p.$it" }.toSet(), exports(p))
        }

        @Test
        fun `should export exactly the nn API packages`() {
            val p = "dev.fluxion.nn"
            assertEquals(setOf("data", "init", "io", "layer", "loss", "optim", "optim.commons", "privacy", "text", "train", "tree")
                .map { "$p.$it" }.toSet(), exports(p))
        }

        @Test
        fun `should export exactly the Kotlin extensions package`() {
            assertEquals(setOf("dev.fluxion.kotlin"), exports("dev.fluxion.kotlin"))
        }

        @Test
        fun `should keep the sweeps and the evaluator in a package it does not export`() {
            val d = descriptor("dev.fluxion.autodiff")
            assertTrue("dev.fluxion.autodiff.ad.internal" in d.packages(), d.packages().toString())
            assertFalse(d.opens().isNotEmpty() || d.isOpen, "autodiff opens packages")
        }
    }

    @Nested
    inner class Requires {
        private fun requires(name: String) = descriptor(name).requires().associateBy { it.name() }

        @Test
        fun `should give nn users autodiff transitively and need JSpecify only at compile time`() {
            val r = requires("dev.fluxion.nn")
            assertTrue(ModuleDescriptor.Requires.Modifier.TRANSITIVE in r.getValue("dev.fluxion.autodiff").modifiers())
            assertTrue(ModuleDescriptor.Requires.Modifier.STATIC in r.getValue("org.jspecify").modifiers())
            assertTrue(ModuleDescriptor.Requires.Modifier.STATIC in requires("dev.fluxion.autodiff").getValue("org.jspecify").modifiers())
        }

        @Test
        fun `should not name the incubating Vector API (it reads it at run time when present)`() {
            assertEquals(setOf("java.base", "org.jspecify"), requires("dev.fluxion.autodiff").keys)
        }
    }

    @Nested
    inner class Boundary {
        private fun javac(dir: Path, code: String): Pair<Int, String> {
            val src = dir.resolve("src")
            Files.createDirectories(src.resolve("app"))
            Files.writeString(src.resolve("module-info.java"), "module app { requires dev.fluxion.nn; }")
            val file = src.resolve("app/Use.java")
            Files.writeString(file, "package app;\n$code")
            val err = ByteArrayOutputStream()
            val status = ToolProvider.getSystemJavaCompiler().run(null, err, err, "-d", dir.resolve("out").toString(),
                "--module-path", jars.joinToString(File.pathSeparator), src.resolve("module-info.java").toString(), file.toString())
            return status to err.toString()
        }

        @Test
        fun `should compile an application against the exported packages`(@TempDir dir: Path) {
            val (status, out) = javac(dir, "public class Use { Object sin = dev.fluxion.autodiff.op.Sin.OP; }")
            assertEquals(0, status, out)
        }

        @Test
        fun `should refuse an application that uses the internal sweeps`(@TempDir dir: Path) {
            val (status, out) = javac(dir, "public class Use { Object s = dev.fluxion.autodiff.ad.internal.Sweeps.class; }")
            assertNotEquals(0, status, out)
            assertTrue(out.contains("dev.fluxion.autodiff.ad.internal") && out.contains("not visible"), out)
        }
    }
}
