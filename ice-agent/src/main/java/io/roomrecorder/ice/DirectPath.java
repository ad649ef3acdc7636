package io.roomrecorder.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an agent's application datagrams go: the {@link DatagramHandler}, called on the thread that
 * read the datagram from the network.
 *
 * <p>ice4j hands a received datagram through three threads (the candidate socket's reader, the
 * merging component socket's reader per candidate, and whoever reads the component socket) before
 * the application sees it; at a few hundred packets a second per stream those wake-ups were most of
 * a recorder's CPU. Our own sockets (host and relayed) therefore read the network themselves and
 * give ice4j only what it needs: STUN (RFC 7983: first byte 0-3), and datagrams from addresses that
 * are not yet the remote side of a validated pair. Everything else, from a remote address ice4j has
 * validated, goes straight to the handler here. That is the same rule ice4j's component socket
 * applies (only data from remotes of succeeded pairs), so nothing more is let through.
 *
 * <p>Handler calls are serialized (a lock, uncontended in practice): datagrams may come from
 * several sockets and, around the moment a pair is validated, from ice4j's own path too.
 */
final class DirectPath {
  private static final Logger LOG = LoggerFactory.getLogger(DirectPath.class);
  private static final InetSocketAddress[] NONE = new InetSocketAddress[0];

  private final String agentId;
  private final Object handlerLock = new Object();
  private volatile DatagramHandler handler;
  private volatile InetSocketAddress[] accepted = NONE;
  private volatile long lastReceivedNanos;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong noHandler = new AtomicLong();

  DirectPath(String agentId) {
    this.agentId = agentId;
  }

  void setHandler(DatagramHandler h) {
    handler = h;
  }

  DatagramHandler handler() {
    return handler;
  }

  /** Lets application data from this remote address (that of a validated pair) take the path. */
  synchronized void accept(InetSocketAddress remote) {
    InetSocketAddress[] current = accepted;
    for (InetSocketAddress a : current) {
      if (a.equals(remote)) {
        return;
      }
    }
    InetSocketAddress[] next = Arrays.copyOf(current, current.length + 1);
    next[current.length] = new InetSocketAddress(remote.getAddress(), remote.getPort());
    accepted = next;
  }

  /** RFC 7983 §7: a first byte of 0-3 is STUN, which ice4j handles. */
  static boolean isStun(byte[] buf, int off, int len) {
    return len > 0 && (buf[off] & 0xFF) <= 3;
  }

  /**
   * Called by a socket's reader with a datagram it just read (borrowed buffer).
   *
   * @return whether it was delivered; if not, the socket gives it to ice4j
   */
  boolean offer(byte[] buf, int off, int len, InetAddress from, int port) {
    if (handler == null || isStun(buf, off, len) || !isAccepted(from, port)) {
      return false;
    }
    dispatch(buf, off, len);
    return true;
  }

  private boolean isAccepted(InetAddress from, int port) {
    if (from == null) {
      return false;
    }
    for (InetSocketAddress a : accepted) {
      if (a.getPort() == port && from.equals(a.getAddress())) {
        return true;
      }
    }
    return false;
  }

  /** Delivers an application datagram to the handler (or counts it when there is none). */
  void dispatch(byte[] buf, int off, int len) {
    lastReceivedNanos = System.nanoTime();
    DatagramHandler h;
    synchronized (handlerLock) {
      h = handler;
      if (h == null) {
        noHandler.incrementAndGet();
        return;
      }
      received.incrementAndGet();
      try {
        h.onDatagram(buf, off, len);
      } catch (RuntimeException e) {
        LOG.warn("ICE[{}] datagram handler threw: {}", agentId, e.toString());
      }
    }
    try {
      h.afterDispatch();
    } catch (RuntimeException e) {
      LOG.warn("ICE[{}] datagram handler's follow-up threw: {}", agentId, e.toString());
    }
  }

  /** {@link System#nanoTime()} of the last application datagram, 0 if none. */
  long lastReceivedNanos() {
    return lastReceivedNanos;
  }

  long received() {
    return received.get();
  }

  long noHandler() {
    return noHandler.get();
  }
}
