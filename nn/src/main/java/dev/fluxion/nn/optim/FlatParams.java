package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.tree.Flat;
import dev.fluxion.nn.tree.TreeDef;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parameter tree laid out as one flat {@code double[]}: the leaves in depth-first order, each
 * row-major, concatenated (JAX's {@code ravel_pytree}). Both directions copy; no array is shared
 * with a tree or with the caller. The leaves are those of {@link Trees#flatten}, in order: a plan
 * compiled over {@link #variables} runs with {@link #values(double[])}, bound by position.
 *
 * @param <P> the parameter tree type
 */
public final class FlatParams<P> {
  private final P template;
  private final Flat<P> flat;
  private final List<String> paths;
  private final List<Shape> shapes;
  private final int size;

  private FlatParams(P template, Flat<P> flat, List<Shape> shapes, int size) {
    this.template = template;
    this.flat = flat;
    this.paths = flat.paths();
    this.shapes = List.copyOf(shapes);
    this.size = size;
  }

  /**
   * {@return the layout of {@code params}: its leaf paths, shapes and offsets}
   *
   * @param <P> the parameter tree type
   * @param params a parameter tree with at least one leaf
   * @throws IllegalArgumentException if {@code params} is null, has no leaves, or more than
   *     {@code Integer.MAX_VALUE} numbers in all
   */
  public static <P> FlatParams<P> of(P params) {
    Checks.notNull(params, "params");
    Flat<P> flat = Trees.flatten(params);
    List<Tensor> leaves = flat.values();
    if (leaves.isEmpty()) {
      throw new IllegalArgumentException("params has no leaves (" + params.getClass().getSimpleName()
          + "): there is nothing to optimize");
    }
    List<Shape> shapes = new ArrayList<>();
    long size = 0;
    for (Tensor t : leaves) {
      shapes.add(t.shape());
      size += t.size();
    }
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("params has " + size + " numbers, more than a flat array holds");
    }
    return new FlatParams<>(params, flat, shapes, (int) size);
  }

  /** {@return the structure of the parameter tree} */
  public TreeDef<P> def() {
    return flat.def();
  }

  /**
   * {@return one variable per leaf, in order (see {@link Flat#variables}): the traced tree is
   * {@code def().unflatten(variables(label))}}
   *
   * @param label names the variables {@code label.path}, or by path alone if empty
   */
  public List<Var> variables(String label) {
    return flat.variables(label);
  }

  /** {@return the total number of scalar parameters} */
  public int size() {
    return size;
  }

  /** {@return the leaf paths, in the order their numbers appear in the flat array} */
  public List<String> paths() {
    return paths;
  }

  /** {@return the leaf shapes, in path order} */
  public List<Shape> shapes() {
    return shapes;
  }

  /**
   * {@return the flat position {@code index} as a leaf path and an element index, e.g. {@code layers.0.w[3]}}
   *
   * @param index a position in {@code [0, size())}
   * @throws IllegalArgumentException if {@code index} is out of range
   */
  public String describe(int index) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("index " + index + " is outside [0, " + size + ")");
    }
    int offset = 0;
    int i = 0;
    while (index >= offset + shapes.get(i).size()) {
      offset += shapes.get(i).size();
      i++;
    }
    return shapes.get(i).equals(Shape.scalar())
        ? paths.get(i)
        : paths.get(i) + "[" + (index - offset) + "]";
  }

  /**
   * {@return a fresh array with the numbers of {@code params}, laid out like the template}
   *
   * @param params a tree of the template's structure and leaf shapes, constant leaves
   * @throws IllegalArgumentException naming the path where {@code params} differs from the template
   */
  public double[] toArray(P params) {
    Trees.checkSameStructure("params", Checks.notNull(params, "params"), "the layout", template);
    double[] out = new double[size];
    int offset = 0;
    for (Tensor t : Trees.flatten(params).values()) {
      double[] v = t.toArray();
      System.arraycopy(v, 0, out, offset, v.length);
      offset += v.length;
    }
    return out;
  }

  /**
   * {@return the leaf tensors of {@code x}, in leaf order (an unmodifiable list), each a copy of its slice}
   *
   * @param x a flat array of length {@link #size()}
   * @throws IllegalArgumentException if the length differs
   */
  public List<Tensor> values(double[] x) {
    Checks.notNull(x, "x");
    if (x.length != size) {
      throw new IllegalArgumentException("flat parameters have length " + x.length + ", expected " + size);
    }
    List<Tensor> out = new ArrayList<>(shapes.size());
    int offset = 0;
    for (Shape shape : shapes) {
      int n = shape.size();
      out.add(Tensor.of(Arrays.copyOfRange(x, offset, offset + n), shape));
      offset += n;
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * {@return the leaf tensors of {@code x}, by path, each a copy of its slice}
   *
   * @param x a flat array of length {@link #size()}
   * @throws IllegalArgumentException if the length differs
   */
  public Map<String, Tensor> tensors(double[] x) {
    List<Tensor> values = values(x);
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int i = 0; i < paths.size(); i++) {
      out.put(paths.get(i), values.get(i));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * {@return a tree like the template with the numbers of {@code x} as constant leaves}
   *
   * @param x a flat array of length {@link #size()} (copied)
   * @throws IllegalArgumentException if the length differs
   */
  public P fromArray(double[] x) {
    List<Expr> leaves = new ArrayList<>(shapes.size());
    values(x).forEach(t -> leaves.add(Fx.constant(t)));
    return flat.def().unflatten(leaves);
  }
}
