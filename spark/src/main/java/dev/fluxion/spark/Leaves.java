package dev.fluxion.spark;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.tree.Flat;
import dev.fluxion.nn.tree.Trees;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A tree's leaves as plain arrays, in depth-first order: what crosses a process boundary (task
 * closures, task results, sockets). The receiver rebuilds the tree against a template of the same
 * structure, made by the same model and optimizer.
 */
final class Leaves implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int CHUNK = 1 << 16;

  private final byte[] dtypes;
  private final int[][] shapes;
  private final Object[] data;

  private Leaves(byte[] dtypes, int[][] shapes, Object[] data) {
    this.dtypes = dtypes;
    this.shapes = shapes;
    this.data = data;
  }

  /** {@return the leaves of {@code tree}} */
  static Leaves of(Object tree) {
    return ofTensors(Trees.flatten(tree).values());
  }

  /** {@return these tensors} */
  static Leaves ofTensors(List<Tensor> tensors) {
    int n = tensors.size();
    byte[] dtypes = new byte[n];
    int[][] shapes = new int[n][];
    Object[] data = new Object[n];
    for (int i = 0; i < n; i++) {
      Tensor t = tensors.get(i);
      dtypes[i] = (byte) t.dtype().ordinal();
      shapes[i] = t.shape().toArray();
      data[i] = switch (t.dtype()) {
        case FLOAT64 -> t.toArray();
        case FLOAT32 -> t.toFloatArray();
        case INT32 -> t.toIntArray();
      };
    }
    return new Leaves(dtypes, shapes, data);
  }

  /** {@return the number of leaves} */
  int size() {
    return data.length;
  }

  /** {@return the leaves as tensors} */
  List<Tensor> tensors() {
    List<Tensor> out = new ArrayList<>(data.length);
    for (int i = 0; i < data.length; i++) {
      Shape shape = Shape.of(shapes[i]);
      out.add(switch (DType.values()[dtypes[i]]) {
        case FLOAT64 -> Tensor.of((double[]) data[i], shape);
        case FLOAT32 -> Tensor.of((float[]) data[i], shape);
        case INT32 -> Tensor.of((int[]) data[i], shape);
      });
    }
    return out;
  }

  /**
   * {@return a tree of {@code template}'s structure with these leaves}
   *
   * @throws IllegalArgumentException naming {@code what} if the count, a shape or a dtype differs
   */
  <T> T into(String what, T template) {
    Flat<T> flat = Trees.flatten(template);
    List<Tensor> values = tensors();
    if (values.size() != flat.leaves().size()) {
      throw new IllegalArgumentException(what + ": " + values.size() + " leaves sent, the model's template has "
          + flat.leaves().size() + " " + flat.paths());
    }
    List<Expr> leaves = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      Expr t = flat.leaves().get(i);
      Tensor v = values.get(i);
      if (!t.shape().equals(v.shape()) || t.dtype() != v.dtype()) {
        throw new IllegalArgumentException(what + ": leaf " + flat.paths().get(i) + " is " + v.dtype() + v.shape()
            + ", the model's template has " + t.dtype() + t.shape());
      }
      leaves.add(Fx.constant(v));
    }
    return flat.def().unflatten(leaves);
  }

  /** Writes the leaves: count, then per leaf its dtype, rank, dims and raw little-endian data. */
  void write(DataOutputStream out) throws IOException {
    out.writeInt(data.length);
    int longest = 0;
    for (Object a : data) {
      longest = Math.max(longest, java.lang.reflect.Array.getLength(a));
    }
    ByteBuffer buf = buffer(longest);
    for (int i = 0; i < data.length; i++) {
      out.writeByte(dtypes[i]);
      out.writeInt(shapes[i].length);
      for (int d : shapes[i]) {
        out.writeInt(d);
      }
      writeArray(out, data[i], buf);
    }
  }

  /** Reads what {@link #write} wrote. */
  static Leaves read(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 20) {
      throw new IOException("corrupt leaves: count " + n);
    }
    byte[] dtypes = new byte[n];
    int[][] shapes = new int[n][];
    Object[] data = new Object[n];
    ByteBuffer buf = null;
    for (int i = 0; i < n; i++) {
      dtypes[i] = in.readByte();
      if (dtypes[i] < 0 || dtypes[i] >= DType.values().length) {
        throw new IOException("corrupt leaves: dtype " + dtypes[i]);
      }
      int rank = in.readInt();
      if (rank < 0 || rank > 32) {
        throw new IOException("corrupt leaves: rank " + rank);
      }
      shapes[i] = new int[rank];
      long size = 1;
      for (int d = 0; d < rank; d++) {
        shapes[i][d] = in.readInt();
        size *= shapes[i][d];
        if (shapes[i][d] < 0 || size > Integer.MAX_VALUE - 8) {
          throw new IOException("corrupt leaves: shape " + java.util.Arrays.toString(shapes[i]));
        }
      }
      if (buf == null || buf.capacity() < Math.min(size, CHUNK) * 8) {
        buf = buffer((int) size);
      }
      data[i] = readArray(in, DType.values()[dtypes[i]], (int) size, buf);
    }
    return new Leaves(dtypes, shapes, data);
  }

  /** A little-endian buffer for arrays of up to {@code length} elements (at most one chunk). */
  private static ByteBuffer buffer(int length) {
    return ByteBuffer.allocate(Math.max(8, Math.min(length, CHUNK) * 8)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
  }

  private static void writeArray(DataOutputStream out, Object array, ByteBuffer buf) throws IOException {
    int length = java.lang.reflect.Array.getLength(array);
    for (int from = 0; from < length; from += CHUNK) {
      int count = Math.min(CHUNK, length - from);
      buf.clear();
      switch (array) {
        case double[] a -> buf.asDoubleBuffer().put(a, from, count);
        case float[] a -> buf.asFloatBuffer().put(a, from, count);
        case int[] a -> buf.asIntBuffer().put(a, from, count);
        default -> throw new IllegalStateException("leaf of " + array.getClass());
      }
      int bytes = count * (array instanceof double[] ? 8 : 4);
      out.write(buf.array(), 0, bytes);
    }
  }

  private static Object readArray(DataInputStream in, DType dtype, int length, ByteBuffer buf) throws IOException {
    Object array = switch (dtype) {
      case FLOAT64 -> new double[length];
      case FLOAT32 -> new float[length];
      case INT32 -> new int[length];
    };
    int width = dtype == DType.FLOAT64 ? 8 : 4;
    for (int from = 0; from < length; from += CHUNK) {
      int count = Math.min(CHUNK, length - from);
      in.readFully(buf.array(), 0, count * width);
      buf.clear();
      switch (array) {
        case double[] a -> buf.asDoubleBuffer().get(a, from, count);
        case float[] a -> buf.asFloatBuffer().get(a, from, count);
        case int[] a -> buf.asIntBuffer().get(a, from, count);
        default -> throw new IllegalStateException();
      }
    }
    return array;
  }
}
