/**
 * Parameter trees: records, Kotlin data classes, Vavr and JDK collections with {@code Expr}
 * leaves, flattened once into their leaves and a {@link dev.fluxion.nn.tree.TreeDef} and bound to
 * plans by position.
 */
@NullMarked
package dev.fluxion.nn.tree;

import org.jspecify.annotations.NullMarked;
