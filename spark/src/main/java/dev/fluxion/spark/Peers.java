package dev.fluxion.spark;

import dev.fluxion.nn.train.TreeReduce;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One task's links in the summation tree ({@link TreeReduce}): a socket to its parent and one to each
 * child, made after the {@link Rendezvous}. Reads wait patiently but notice when Spark kills the
 * task, and give up on a peer silent for too long.
 */
final class Peers implements AutoCloseable {
  /** How long reads wait, and how they notice that the task was killed. */
  record Patience(long silentMillis, BooleanSupplier interrupted) {
    InputStream wrap(InputStream in, String peer) {
      return new FilterInputStream(in) {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          long start = System.nanoTime();
          while (true) {
            try {
              return super.read(b, off, len);
            } catch (SocketTimeoutException e) {
              if (interrupted.getAsBoolean()) {
                throw new java.io.InterruptedIOException("the task was killed while waiting for " + peer);
              }
              if ((System.nanoTime() - start) / 1_000_000 > silentMillis) {
                throw new IOException(peer + " sent nothing for " + silentMillis / 1000 + " s");
              }
            }
          }
        }
      };
    }
  }

  /** A link to one peer. */
  record Link(int rank, Socket socket, DataInputStream in, DataOutputStream out) {}

  private final ServerSocket server;
  private final Link parent;
  private final List<Link> children;

  private Peers(ServerSocket server, Link parent, List<Link> children) {
    this.server = server;
    this.parent = parent;
    this.children = children;
  }

  /** Opens the port this task listens on for its children. */
  static ServerSocket listen() throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress((InetAddress) null, 0));
    s.setSoTimeout(1_000);
    return s;
  }

  /** Connects rank {@code rank} of {@code table.length} to its parent and children. */
  static Peers connect(ServerSocket server, int rank, Rendezvous.Address[] table, Patience patience) throws IOException {
    int k = table.length;
    Link parent = null;
    try {
      if (rank > 0) {
        int p = TreeReduce.parent(rank);
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(table[p].host(), table[p].port()), 30_000);
        s.setSoTimeout(1_000);
        parent = link(p, s, patience);
        parent.out.writeInt(rank);
        parent.out.flush();
      }
      int[] kids = TreeReduce.children(rank, k);
      Link[] byOrder = new Link[kids.length];
      long start = System.nanoTime();
      for (int accepted = 0; accepted < kids.length; ) {
        Socket s;
        try {
          s = server.accept();
        } catch (SocketTimeoutException e) {
          if (patience.interrupted().getAsBoolean()) {
            throw new java.io.InterruptedIOException("the task was killed while waiting for its peers");
          }
          if ((System.nanoTime() - start) / 1_000_000 > patience.silentMillis()) {
            throw new IOException("rank " + rank + ": children " + java.util.Arrays.toString(kids)
                + " did not connect within " + patience.silentMillis() / 1000 + " s");
          }
          continue;
        }
        s.setTcpNoDelay(true);
        s.setSoTimeout(1_000);
        Link l = link(-1, s, patience);
        int child = l.in.readInt();
        int slot = java.util.Arrays.binarySearch(kids, child);
        if (slot < 0 || byOrder[slot] != null) {
          s.close();
          continue;
        }
        byOrder[slot] = new Link(child, s, l.in, l.out);
        accepted++;
      }
      return new Peers(server, parent, List.of(byOrder));
    } catch (IOException | RuntimeException e) {
      if (parent != null) {
        parent.socket.close();
      }
      server.close();
      throw e;
    }
  }

  private static Link link(int rank, Socket s, Patience patience) throws IOException {
    return new Link(rank, s,
        new DataInputStream(new BufferedInputStream(patience.wrap(s.getInputStream(), rank < 0 ? "a child" : "rank " + rank), 1 << 16)),
        new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16)));
  }

  /** {@return the link to the parent, or null at rank 0} */
  Link parent() {
    return parent;
  }

  /** {@return the links to the children, in the order their sums are added} */
  List<Link> children() {
    return children;
  }

  @Override
  public void close() {
    List<java.io.Closeable> all = new ArrayList<>();
    if (parent != null) {
      all.add(parent.socket);
    }
    children.forEach(c -> all.add(c.socket));
    all.add(server);
    for (java.io.Closeable c : all) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
