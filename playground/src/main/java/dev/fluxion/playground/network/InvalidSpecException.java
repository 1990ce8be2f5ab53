package dev.fluxion.playground.network;

/**
 * A network lab choice outside its domain, naming the field (as the page and the API name it, e.g.
 * {@code learningRate}) so that the page can point at it.
 */
public final class InvalidSpecException extends IllegalArgumentException {
  /** The field the mistake is in. */
  private final String field;

  /**
   * A mistake in {@code field}.
   *
   * @param field the request member, e.g. {@code hidden}
   * @param message one line saying what is wrong and what is allowed
   */
  public InvalidSpecException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** {@return the request member the mistake is in, e.g. {@code points}} */
  public String field() {
    return field;
  }
}
