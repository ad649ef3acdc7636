package io.roomrecorder.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host candidate's UDP socket with its own reader thread: application data from validated remotes
 * goes straight to the agent's {@link DirectPath}; STUN and anything else is queued for ice4j,
 * whose threads read it through {@link #receive} as from any socket. Sending is the plain socket's.
 */
final class HostUdpSocket extends DatagramSocket {
  private static final Logger LOG = LoggerFactory.getLogger(HostUdpSocket.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Large enough for a burst of a few frames while ice4j's thread is busy. */
  private static final int INBOX = 256;

  private static final int MAX_DATAGRAM = 65536;

  private final DirectPath direct;
  private final Ice4jInbox inbox = new Ice4jInbox(INBOX);
  private volatile boolean closed;
  private Thread reader;

  /**
   * Asked-for kernel receive buffer: about 3 s of a 2.5 Mbit/s stream, so a reader that stalls for
   * a moment (start-up with many peers at once, a GC pause, a busy machine) loses nothing. The
   * kernel caps it at {@code net.core.rmem_max} (often 208 KiB unless raised).
   */
  static final int RECEIVE_BUFFER = 1 << 20;

  HostUdpSocket(InetSocketAddress bind, DirectPath direct) throws SocketException {
    super(bind);
    this.direct = direct;
    try {
      super.setReceiveBufferSize(RECEIVE_BUFFER);
    } catch (SocketException e) {
      LOG.debug("receive buffer on {} stays at the default: {}", bind, e.toString());
    }
  }

  /** Starts reading; once, after the socket is set up. */
  synchronized void start(String agentId) {
    if (reader != null || closed) {
      return;
    }
    reader = new Thread(this::readLoop, "ice-udp-" + agentId + "-" + THREADS.incrementAndGet());
    reader.setDaemon(true);
    reader.start();
  }

  private void readLoop() {
    byte[] buf = new byte[MAX_DATAGRAM];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    int errors = 0;
    while (!closed) {
      try {
        p.setData(buf, 0, buf.length);
        super.receive(p);
        errors = 0;
      } catch (IOException e) {
        if (closed || isClosed()) {
          break;
        }
        LOG.debug("UDP receive on {}: {}", getLocalSocketAddress(), e.toString());
        if (++errors > 10) {
          pause(); // an error that repeats must not turn this thread into a busy loop
        }
        continue;
      }
      int off = p.getOffset();
      int len = p.getLength();
      if (!direct.offer(buf, off, len, p.getAddress(), p.getPort())) {
        inbox.offer((InetSocketAddress) p.getSocketAddress(), buf, off, len);
      }
    }
    inbox.close();
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What ice4j reads: STUN and datagrams the direct path did not take. */
  @Override
  public void receive(DatagramPacket p) throws IOException {
    if (closed) {
      throw new SocketException("socket closed");
    }
    inbox.take(p);
  }

  @Override
  public void setSoTimeout(int timeout) {
    inbox.setSoTimeout(timeout);
  }

  @Override
  public int getSoTimeout() {
    return inbox.getSoTimeout();
  }

  /** Datagrams dropped because ice4j did not keep up. */
  long inboxDropped() {
    return inbox.dropped.get();
  }

  @Override
  public void close() {
    closed = true;
    inbox.close();
    super.close();
  }
}
