package io.roomrecorder.core.transport;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DatagramPort} over a plain UDP socket talking to one remote address: for loopback tests,
 * the test peer, and deployments without ICE. One receive thread (from the injected factory) pushes
 * datagrams from the remote to the sink; datagrams from any other source are dropped and counted.
 *
 * <p>Thread-safe. The receive buffer is reused: sinks borrow it.
 */
public final class UdpDatagramPort implements DatagramPort {

  private static final Logger LOG = LoggerFactory.getLogger(UdpDatagramPort.class);
  private static final int RECEIVE_BUFFER = 8192;

  /** Counters, a snapshot. */
  public record Stats(long received, long sent, long droppedNoSink, long droppedOtherSource) {}

  private final DatagramSocket socket;
  private final Thread reader;
  private volatile InetSocketAddress remote;
  private volatile DatagramSink sink;
  private volatile boolean closed;
  private final LongAdder received = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final LongAdder droppedNoSink = new LongAdder();
  private final LongAdder droppedOtherSource = new LongAdder();

  private UdpDatagramPort(DatagramSocket socket, ThreadFactory threads) {
    this.socket = socket;
    this.reader = threads.newThread(this::receiveLoop);
  }

  /** Binds {@code local} (port 0 for any) and starts the receive thread. */
  public static UdpDatagramPort bind(InetSocketAddress local, ThreadFactory threads)
      throws IOException {
    DatagramSocket s = new DatagramSocket(local);
    UdpDatagramPort p = new UdpDatagramPort(s, threads);
    p.reader.start();
    return p;
  }

  /** The bound address. */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** Sets the peer: datagrams are sent to it and only its datagrams are delivered. */
  public void connect(InetSocketAddress remote) {
    this.remote = remote;
  }

  @Override
  public void send(byte[] buffer, int offset, int length) throws IOException {
    InetSocketAddress r = remote;
    if (r == null) {
      throw new IOException("no remote address yet");
    }
    if (closed) {
      throw new IOException("port closed");
    }
    socket.send(new DatagramPacket(buffer, offset, length, r));
    sent.increment();
  }

  @Override
  public void setSink(DatagramSink sink) {
    this.sink = sink;
  }

  @Override
  public void close() {
    closed = true;
    socket.close();
  }

  /** A snapshot of the counters. */
  public Stats stats() {
    return new Stats(received.sum(), sent.sum(), droppedNoSink.sum(), droppedOtherSource.sum());
  }

  private void receiveLoop() {
    byte[] buf = new byte[RECEIVE_BUFFER];
    DatagramPacket packet = new DatagramPacket(buf, buf.length);
    while (!closed) {
      try {
        packet.setLength(buf.length);
        socket.receive(packet);
      } catch (SocketException e) {
        if (!closed) {
          LOG.warn("UDP receive on {} failed; port stops", localAddress(), e);
        }
        return;
      } catch (IOException e) {
        LOG.debug("UDP receive error, continuing", e);
        continue;
      }
      received.increment();
      InetSocketAddress r = remote;
      if (r == null || !r.equals(packet.getSocketAddress())) {
        droppedOtherSource.increment();
        continue;
      }
      DatagramSink s = sink;
      if (s == null) {
        droppedNoSink.increment();
        continue;
      }
      try {
        s.handle(buf, packet.getOffset(), packet.getLength());
      } catch (RuntimeException e) {
        // A sink must not throw (DatagramSink); if one does, keep the port alive.
        LOG.warn("sink threw on a datagram; dropped", e);
      }
    }
  }
}
