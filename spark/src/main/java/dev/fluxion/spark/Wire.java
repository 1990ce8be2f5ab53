package dev.fluxion.spark;

import dev.fluxion.nn.train.ShardGradient;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** The bytes of a {@link ShardGradient} on a peer socket: loss, correct, shards, then the leaves. */
final class Wire {
  private Wire() {}

  static void write(DataOutputStream out, ShardGradient g) throws IOException {
    out.writeDouble(g.loss());
    out.writeDouble(g.correct());
    out.writeInt(g.shards());
    Leaves.ofTensors(g.grads()).write(out);
  }

  /** {@return the bytes of {@code g} followed by those of {@code state}: one message for every child} */
  static byte[] bytes(ShardGradient g, Leaves state) throws IOException {
    var buffer = new java.io.ByteArrayOutputStream();
    try (var out = new DataOutputStream(buffer)) {
      write(out, g);
      state.write(out);
    }
    return buffer.toByteArray();
  }

  static ShardGradient read(DataInputStream in) throws IOException {
    double loss = in.readDouble();
    double correct = in.readDouble();
    int shards = in.readInt();
    if (shards < 1) {
      throw new IOException("corrupt gradient message: shards " + shards);
    }
    return new ShardGradient(loss, correct, shards, Leaves.read(in).tensors());
  }
}
