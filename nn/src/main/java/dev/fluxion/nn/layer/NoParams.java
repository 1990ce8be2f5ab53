package dev.fluxion.nn.layer;

/** The parameters of a layer that has none (activations, pooling, reshaping). */
public record NoParams() {
  /** The one value. */
  public static final NoParams INSTANCE = new NoParams();
}
