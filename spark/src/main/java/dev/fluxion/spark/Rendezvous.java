package dev.fluxion.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The driver's meeting point for one fit: every task of a training stage sends its rank and the
 * address it listens on; once all {@code k} tasks of one stage attempt have come, each gets the
 * whole table and the tasks connect to each other. A retried stage is a new attempt and meets
 * afresh. Costs one round trip per task per stage (Spark's own {@code allGather} takes about a
 * second here).
 */
final class Rendezvous implements AutoCloseable {
  /**
   * A task's address.
   *
   * @param host the host its executor advertises
   * @param port the port it listens on for its children
   */
  record Address(String host, int port) implements java.io.Serializable {}

  private final ServerSocket server;
  private final int k;
  private final long token;
  private final Thread acceptor;
  private final Map<Long, List<Pending>> groups = new HashMap<>();

  private record Pending(Socket socket, DataOutputStream out, int rank, Address address) {}

  Rendezvous(int k, long token) throws IOException {
    this.k = k;
    this.token = token;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress((InetAddress) null, 0));
    this.acceptor = new Thread(this::acceptAll, "fluxion-rendezvous");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** {@return the port tasks connect to} */
  int port() {
    return server.getLocalPort();
  }

  private void acceptAll() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        s.setSoTimeout(30_000);
        register(s);
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
    }
  }

  private void register(Socket s) {
    try {
      DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
      if (in.readLong() != token) {
        s.close();
        return;
      }
      long group = in.readLong();
      int rank = in.readInt();
      Address a = new Address(in.readUTF(), in.readInt());
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
      List<Pending> ready = null;
      synchronized (groups) {
        List<Pending> g = groups.computeIfAbsent(group, x -> new ArrayList<>());
        g.removeIf(p -> p.rank == rank);
        g.add(new Pending(s, out, rank, a));
        if (g.size() == k) {
          ready = groups.remove(group);
          groups.keySet().removeIf(old -> old < group);
        }
      }
      if (ready != null) {
        Address[] table = new Address[k];
        ready.forEach(p -> table[p.rank] = p.address);
        for (Pending p : ready) {
          try {
            for (Address t : table) {
              p.out.writeUTF(t.host());
              p.out.writeInt(t.port());
            }
            p.out.flush();
          } catch (IOException e) {
            // that task is gone; its stage attempt fails and Spark retries it
          } finally {
            closeQuietly(p.socket);
          }
        }
      }
    } catch (IOException e) {
      closeQuietly(s);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing more to do for a broken connection
    }
  }

  /**
   * {@return the address table of {@code k} ranks, after registering {@code me} as {@code rank}
   * of {@code group} with the driver at {@code host:port}}
   */
  static Address[] meet(String host, int port, long token, long group, int rank, Address me, int k, Peers.Patience patience)
      throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 30_000);
      s.setSoTimeout(1_000);
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
      out.writeLong(token);
      out.writeLong(group);
      out.writeInt(rank);
      out.writeUTF(me.host());
      out.writeInt(me.port());
      out.flush();
      DataInputStream in = new DataInputStream(new BufferedInputStream(patience.wrap(s.getInputStream(), "the driver")));
      Address[] table = new Address[k];
      for (int i = 0; i < k; i++) {
        table[i] = new Address(in.readUTF(), in.readInt());
      }
      return table;
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (groups) {
      for (List<Pending> g : groups.values()) {
        for (Pending p : g) {
          p.socket.close();
        }
      }
      groups.clear();
    }
  }
}
