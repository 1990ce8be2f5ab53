package dev.fluxion.nn.text;

/**
 * A reversible map between text and token ids {@code 0..vocabularySize()-1}.
 *
 * <p>Implementations are immutable and thread-safe; the same tokenizer (or one saved and loaded
 * again) always gives the same ids.
 */
public sealed interface Tokenizer permits CharTokenizer, BytePairTokenizer {

  /** {@return the number of ids, {@code >= 1}: every id is in {@code [0, vocabularySize())}} */
  int vocabularySize();

  /**
   * The ids of {@code text}.
   *
   * @param text any string the tokenizer can represent (see the implementation)
   * @return a fresh array; empty for the empty string
   * @throws IllegalArgumentException if the text cannot be encoded, naming the character and its index
   */
  int[] encode(String text);

  /**
   * The text of {@code ids}: {@code decode(encode(s)).equals(s)}.
   *
   * @param ids token ids, each in {@code [0, vocabularySize())}
   * @return the text
   * @throws IllegalArgumentException if an id is out of range, naming its position
   */
  String decode(int[] ids);
}
