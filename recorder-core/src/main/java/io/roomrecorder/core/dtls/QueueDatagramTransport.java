package io.roomrecorder.core.dtls;

import io.roomrecorder.core.transport.DatagramPort;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsTimeoutException;

/**
 * Bridges Bouncy Castle's blocking {@link DatagramTransport} to our push-style port: {@link
 * #receive} polls a bounded queue that the demux fills with DTLS records (first byte 20–63); {@link
 * #send} goes straight to the {@link DatagramPort}. While a handshake deadline is set, a receive
 * past it fails with {@link TlsTimeoutException}, so a silent peer cannot hold a handshake thread
 * beyond the configured timeout even where Bouncy Castle's own timer does not apply (waiting for
 * the first ClientHello).
 *
 * <p>Thread-safe: {@link #offer} from the receive thread, {@link #receive} from the one thread
 * driving Bouncy Castle at a time.
 */
final class QueueDatagramTransport implements DatagramTransport {

  private static final int RECEIVE_LIMIT = 1500;
  private static final byte[] CLOSED = new byte[0];

  private final DatagramPort port;
  private final int sendLimit;
  private final ArrayBlockingQueue<byte[]> queue;
  private final LongAdder droppedQueueFull = new LongAdder();
  private volatile long deadlineNanos = Long.MAX_VALUE;
  private volatile long timeoutMillis;
  private volatile boolean closed;

  QueueDatagramTransport(DatagramPort port, int sendLimit, int capacity) {
    this.port = port;
    this.sendLimit = sendLimit;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** Arms the overall deadline (RFC 6347 leaves the total to the application). */
  void startDeadline(long nowNanos, long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
    this.deadlineNanos = nowNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
  }

  void clearDeadline() {
    deadlineNanos = Long.MAX_VALUE;
  }

  /** Queues a copy of one datagram; false (and counted) when the queue is full or closed. */
  boolean offer(byte[] buffer, int offset, int length) {
    if (closed) {
      return false;
    }
    byte[] copy = java.util.Arrays.copyOfRange(buffer, offset, offset + length);
    if (!queue.offer(copy)) {
      droppedQueueFull.increment();
      return false;
    }
    return true;
  }

  boolean hasQueued() {
    return !queue.isEmpty() && queue.peek() != CLOSED;
  }

  long droppedQueueFull() {
    return droppedQueueFull.sum();
  }

  @Override
  public int getReceiveLimit() {
    return RECEIVE_LIMIT;
  }

  @Override
  public int getSendLimit() {
    return sendLimit;
  }

  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    if (closed) {
      throw new IOException("DTLS transport closed");
    }
    long deadline = deadlineNanos;
    long waitNanos = waitMillis <= 0 ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(waitMillis);
    if (deadline != Long.MAX_VALUE) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TlsTimeoutException("DTLS handshake timed out after " + timeoutMillis + " ms");
      }
      waitNanos = Math.min(waitNanos, left);
    }
    byte[] d;
    try {
      d = waitNanos == Long.MAX_VALUE ? queue.take() : queue.poll(waitNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for a DTLS record");
    }
    if (d == null) {
      return -1;
    }
    if (d == CLOSED) {
      queue.offer(CLOSED); // wake any other waiter too
      throw new IOException("DTLS transport closed");
    }
    int n = Math.min(len, d.length);
    System.arraycopy(d, 0, buf, off, n);
    return n;
  }

  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("DTLS transport closed");
    }
    port.send(buf, off, len);
  }

  /** Called by Bouncy Castle when the DTLS transport closes, and by us to abort a handshake. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      queue.clear();
      queue.offer(CLOSED);
    }
  }
}
