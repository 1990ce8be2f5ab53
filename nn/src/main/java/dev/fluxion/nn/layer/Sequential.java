package dev.fluxion.nn.layer;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Layers applied in order. Its parameters and state are lists of the children's (index
 * {@code i} holds layer {@code i}'s; unmodifiable JDK lists), so paths read {@code 0.w},
 * {@code 2.b}, ...
 *
 * @param layers the children, at least one (an unmodifiable copy)
 */
@SuppressWarnings({"unchecked", "rawtypes"})
public record Sequential(List<Layer<?, ?>> layers) implements Layer<List<Object>, List<Object>> {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException if there are no layers
   */
  public Sequential {
    Checks.notNull(layers, "layers");
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("Sequential: no layers");
    }
    for (int i = 0; i < layers.size(); i++) {
      Checks.notNull(layers.get(i), "layer " + i);
    }
    layers = List.copyOf(layers);
  }

  /**
   * {@return the layers in order; nested sequentials are flattened into one list}
   *
   * @param layers at least one; applied in order
   */
  public static Sequential of(Layer<?, ?>... layers) {
    Checks.notNull(layers, "layers");
    List<Layer<?, ?>> out = new ArrayList<>();
    for (Layer<?, ?> l : layers) {
      if (Checks.notNull(l, "layer") instanceof Sequential s) {
        out.addAll(s.layers());
      } else {
        out.add(l);
      }
    }
    return new Sequential(out);
  }

  @Override
  public List<Object> init(Key key, Shape inputShape) {
    Key[] keys = Checks.notNull(key, "key").split(layers.size());
    List<Object> params = new ArrayList<>();
    Shape s = inputShape;
    for (int i = 0; i < layers.size(); i++) {
      params.add(layers.get(i).init(keys[i], s));
      s = layers.get(i).outputShape(s);
    }
    return Collections.unmodifiableList(params);
  }

  @Override
  public List<Object> initState(Shape inputShape) {
    List<Object> state = new ArrayList<>();
    Shape s = inputShape;
    for (Layer<?, ?> l : layers) {
      state.add(l.initState(s));
      s = l.outputShape(s);
    }
    return Collections.unmodifiableList(state);
  }

  @Override
  public Shape outputShape(Shape inputShape) {
    Shape s = Checks.notNull(inputShape, "inputShape");
    for (Layer<?, ?> l : layers) {
      s = l.outputShape(s);
    }
    return s;
  }

  @Override
  public Output<List<Object>> apply(List<Object> params, List<Object> state, Expr x, Mode mode) {
    Checks.notNull(params, "params");
    Checks.notNull(state, "state");
    if (params.size() != layers.size() || state.size() != layers.size()) {
      throw new IllegalArgumentException("Sequential: " + layers.size() + " layers but " + params.size()
          + " parameter entries and " + state.size() + " state entries");
    }
    Expr y = x;
    List<Object> next = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      Output<?> out = l.apply(params.get(i), state.get(i), y, mode.child(i));
      y = out.y();
      next.add(out.state());
    }
    return new Output<>(y, Collections.unmodifiableList(next));
  }

  @Override
  public String describe() {
    return "Sequential(" + String.join(", ", layers.stream().map(Layer::describe).toList()) + ")";
  }

  /**
   * {@return A table of the layers with their output shapes and parameter counts for examples of shape
   * {@code inputShape}, and the total}
   *
   * @param inputShape the shape of one example
   * @param key the randomness of the throwaway parameters; any key
   */
  public String summary(Shape inputShape, Key key) {
    List<Object> params = init(key, inputShape);
    StringBuilder sb = new StringBuilder(String.format("%-4s %-32s %-18s %10s%n", "#", "layer", "output", "params"));
    Shape s = inputShape;
    long total = 0;
    for (int i = 0; i < layers.size(); i++) {
      s = layers.get(i).outputShape(s);
      long n = dev.fluxion.nn.tree.Trees.count(params.get(i));
      total += n;
      sb.append(String.format("%-4d %-32s %-18s %10d%n", i, layers.get(i).describe(), s, n));
    }
    return sb.append(String.format("total parameters: %d%n", total)).toString();
  }
}
