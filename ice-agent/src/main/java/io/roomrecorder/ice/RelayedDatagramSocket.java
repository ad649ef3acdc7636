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
 * <p>Thread-safe. Datagrams are copied once into a bounded queue (256); when it is full the newest
 * is dropped and counted.
 */
final class RelayedDatagramSocket extends DatagramSocket {
  private static final Object[] CLOSED = new Object[0];
  private static final int QUEUE = 256;

  private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(QUEUE);
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

  /** Called by the TURN reader thread with a borrowed buffer. */
  void deliver(InetSocketAddress peer, byte[] buf, int off, int len) {
    if (closed) {
      return;
    }
    byte[] copy = new byte[len];
    System.arraycopy(buf, off, copy, 0, len);
    if (!queue.offer(new Object[] {peer, copy})) {
      dropped.incrementAndGet();
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
    Object[] item;
    try {
      int t = soTimeout;
      if (t > 0) {
        item = queue.poll(t, TimeUnit.MILLISECONDS);
        if (item == null) {
          throw new SocketTimeoutException("receive timed out");
        }
      } else {
        item = queue.take();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SocketException("interrupted");
    }
    if (item == CLOSED) {
      queue.offer(CLOSED); // wake the next waiting reader too
      throw new SocketException("relayed socket closed");
    }
    byte[] data = (byte[]) item[1];
    int n = Math.min(data.length, p.getData().length - p.getOffset());
    System.arraycopy(data, 0, p.getData(), p.getOffset(), n);
    p.setLength(n);
    p.setSocketAddress((InetSocketAddress) item[0]);
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
