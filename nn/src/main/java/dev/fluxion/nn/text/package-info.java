/**
 * Text for sequence models: tokenizers (characters, byte-level BPE), token files read by random
 * access, next-token windows and batches, and the Debian fortunes corpus.
 */
@NullMarked
package dev.fluxion.nn.text;

import org.jspecify.annotations.NullMarked;
