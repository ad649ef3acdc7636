package io.roomrecorder.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The datagrams one of our sockets hands to ice4j: what ice4j's threads get when they call {@code
 * receive} on the socket (STUN, and application data that is not yet accepted on the {@link
 * DirectPath}). Datagrams are copied once into recycled slots of a bounded queue; when it is full
 * the newest is dropped and counted. Thread-safe.
 */
final class Ice4jInbox {
  private static final int BUFFER = 1500;

  /** One received datagram; slots are recycled so steady-state receiving does not allocate. */
  private static final class Slot {
    InetSocketAddress peer;
    byte[] data = new byte[BUFFER];
    int length;
  }

  private static final Slot CLOSED = new Slot();

  private final BlockingQueue<Slot> queue;
  private final BlockingQueue<Slot> free;
  private volatile boolean closed;
  private volatile int soTimeout;
  final AtomicLong dropped = new AtomicLong();

  Ice4jInbox(int capacity) {
    queue = new ArrayBlockingQueue<>(capacity);
    free = new ArrayBlockingQueue<>(capacity);
  }

  /** Copies a borrowed datagram into the queue. */
  void offer(InetSocketAddress peer, byte[] buf, int off, int len) {
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
      slot.peer = null;
      free.offer(slot);
    }
  }

  /** Blocks for the next datagram, honouring the socket timeout; the socket's {@code receive}. */
  void take(DatagramPacket p) throws IOException {
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
      throw new SocketException("socket closed");
    }
    int n = Math.min(slot.length, p.getData().length - p.getOffset());
    System.arraycopy(slot.data, 0, p.getData(), p.getOffset(), n);
    p.setLength(n);
    p.setSocketAddress(slot.peer);
    slot.peer = null;
    free.offer(slot);
  }

  void setSoTimeout(int timeout) {
    soTimeout = timeout;
  }

  int getSoTimeout() {
    return soTimeout;
  }

  /** Wakes every blocked reader with a {@link SocketException}; later offers are ignored. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.clear();
    queue.offer(CLOSED);
  }
}
