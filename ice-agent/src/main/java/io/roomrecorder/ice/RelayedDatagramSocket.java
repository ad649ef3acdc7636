package io.roomrecorder.ice;

import io.roomrecorder.ice.turn.TurnClient;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * The relayed candidate's socket as ice4j sees it: a {@link DatagramSocket} whose local address is
 * the relayed address on the TURN server, whose {@code send} goes to the peer through {@link
 * TurnClient#send} and whose {@code receive} yields what the TURN server relayed from peers. ice4j
 * wraps it in a {@code MultiplexingDatagramSocket}, so STUN checks are handled exactly as on a host
 * socket; application data from validated remotes skips ice4j and goes to the agent's {@link
 * DirectPath} on the TURN reader thread.
 *
 * <p>Thread-safe. Datagrams for ice4j are copied once into recycled slots of a bounded queue (256);
 * when it is full the newest is dropped and counted.
 */
final class RelayedDatagramSocket extends DatagramSocket {
  private static final int QUEUE = 256;

  private final Ice4jInbox inbox = new Ice4jInbox(QUEUE);
  private final InetSocketAddress relayed;
  private final DirectPath direct;
  private volatile TurnClient client;
  private volatile boolean closed;

  RelayedDatagramSocket(InetSocketAddress relayed, DirectPath direct) throws SocketException {
    super((SocketAddress) null);
    this.relayed = relayed;
    this.direct = direct;
  }

  void attach(TurnClient client) {
    this.client = client;
  }

  /** Called by the TURN reader thread with a borrowed buffer. */
  void deliver(InetSocketAddress peer, byte[] buf, int off, int len) {
    if (closed) {
      return;
    }
    if (!direct.offer(buf, off, len, peer.getAddress(), peer.getPort())) {
      inbox.offer(peer, buf, off, len);
    }
  }

  /** Datagrams dropped because ice4j did not keep up. */
  long dropped() {
    return inbox.dropped.get();
  }

  @Override
  public void send(DatagramPacket p) throws IOException {
    TurnClient c = client;
    if (closed || c == null) {
      throw new SocketException("relayed socket closed");
    }
    SocketAddress to = p.getSocketAddress();
    if (!(to instanceof InetSocketAddress peer)) {
      throw new SocketException("no destination");
    }
    c.send(peer, p.getData(), p.getOffset(), p.getLength());
  }

  @Override
  public void receive(DatagramPacket p) throws IOException {
    inbox.take(p);
  }

  @Override
  public synchronized void setSoTimeout(int timeout) {
    inbox.setSoTimeout(timeout);
  }

  @Override
  public synchronized int getSoTimeout() {
    return inbox.getSoTimeout();
  }

  @Override
  public InetAddress getLocalAddress() {
    return relayed.getAddress();
  }

  @Override
  public int getLocalPort() {
    return relayed.getPort();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return relayed;
  }

  @Override
  public boolean isBound() {
    return true;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    inbox.close();
    super.close();
  }
}
