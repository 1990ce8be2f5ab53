package dev.fluxion.nn.layer;

/** The state of a layer that has none. */
public record NoState() {
  /** The one value. */
  public static final NoState INSTANCE = new NoState();
}
