package dev.fluxion.playground.formula;

import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A mistake in the Formula lab's input, shown to the student: what is wrong, in which field and,
 * when known, at which character.
 */
public final class LabException extends IllegalArgumentException {
  /** The input field an error points into. */
  public enum Field {
    /** The formula text. */
    FORMULA,
    /** The point text, e.g. {@code x1=2, x2=5}. */
    POINT
  }

  /** The field the error points into, or null. */
  private final @Nullable Field field;
  /** The 0-based character index in the field, or -1 for none. */
  private final int position;

  /**
   * An error in {@code field} at character {@code position}.
   *
   * @param message what is wrong, one line, without the position
   * @param field the field it points into; null when it concerns no field
   * @param position a 0-based character index into the field's text, or -1 for none
   */
  public LabException(String message, @Nullable Field field, int position) {
    super(message);
    this.field = field;
    this.position = position;
  }

  /** {@return the field the error points into, or null} */
  public @Nullable Field field() {
    return field;
  }

  /** {@return the 0-based character index in {@link #field()}, if the error has one} */
  public OptionalInt position() {
    return position < 0 ? OptionalInt.empty() : OptionalInt.of(position);
  }
}
