/** Datasets, samplers, mini-batch loaders, file readers and synthetic data. */
@NullMarked
package dev.fluxion.nn.data;

import org.jspecify.annotations.NullMarked;
