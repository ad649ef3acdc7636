package io.roomrecorder.ice;

import io.roomrecorder.ice.turn.TurnClient;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relayed candidate's socket as ice4j sees it: a {@link DatagramSocket} whose local address is
 * the relayed address on the TURN server, whose {@code send} goes to the peer through {@link
 * TurnClient#send} and whose {@code receive} yields what the TURN server relayed from peers. ice4j
 * wraps it in a {@code MultiplexingDatagramSocket}, so STUN checks and application data are split
 * exactly as on a host socket.
 *
 * <p>Thread-safe. Datagrams are copied once into recycled slots of a bounded queue (256); when it
 * is full the newest is dropped and counted.
 */
final class RelayedDatagramSocket extends DatagramSocket {
  private static final int QUEUE = 256;
  private static final int BUFFER = 1500;

  /** One received datagram; slots are recycled so steady-state receiving does not allocate. */
  private static final class Slot {
    InetSocketAddress peer;
    byte[] data = new byte[BUFFER];
    int length;
  }

  private static final Slot CLOSED = new Slot();

  private final BlockingQueue<Slot> queue = new ArrayBlockingQueue<>(QUEUE);
  private final BlockingQueue<Slot> free = new ArrayBlockingQueue<>(QUEUE);
  private final InetSocketAddress relayed;
  private volatile TurnClient client;
  private volatile boolean closed;
  private volatile int soTimeout;
  final AtomicLong dropped = new AtomicLong();

  RelayedDatagramSocket(InetSocketAddress relayed) throws SocketException {
    super((SocketAddress) null);
    this.relayed = relayed;
  }

  void attach(TurnClient client) {
    this.client = client;
  }

  /** Called by the TURN reader thread with a borrowed buffer; copies once into a slot. */
  void deliver(InetSocketAddress peer, byte[] buf, int off, int len) {
    if (closed) {
      return;
    }
    Slot slot = free.poll();
    if (slot == null) {
      slot = new Slot();
    }
    if (slot.data.length < len) {
      slot.data = new byte[len];
    }
    System.arraycopy(buf, off, slot.data, 0, len);
    slot.length = len;
    slot.peer = peer;
    if (!queue.offer(slot)) {
      dropped.incrementAndGet();
      free.offer(slot);
    }
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
    Slot slot;
    try {
      int t = soTimeout;
      if (t > 0) {
        slot = queue.poll(t, TimeUnit.MILLISECONDS);
        if (slot == null) {
          throw new SocketTimeoutException("receive timed out");
        }
      } else {
        slot = queue.take();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SocketException("interrupted");
    }
    if (slot == CLOSED) {
      queue.offer(CLOSED); // wake the next waiting reader too
      throw new SocketException("relayed socket closed");
    }
    int n = Math.min(slot.length, p.getData().length - p.getOffset());
    System.arraycopy(slot.data, 0, p.getData(), p.getOffset(), n);
    p.setLength(n);
    p.setSocketAddress(slot.peer);
    slot.peer = null;
    free.offer(slot);
  }

  @Override
  public synchronized void setSoTimeout(int timeout) {
    soTimeout = timeout;
  }

  @Override
  public synchronized int getSoTimeout() {
    return soTimeout;
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
    queue.clear();
    queue.offer(CLOSED);
    super.close();
  }
}
