package io.roomrecorder.core.transport;

import java.io.IOException;

/**
 * The datagram path under one peer session: in production the selected ICE candidate pair
 * (ice-agent adapts its port to this), in tests a plain UDP socket ({@link UdpDatagramPort}). STUN
 * never comes through here; everything else (DTLS, SRTP, SRTCP) does, in both directions.
 *
 * <p>Thread-safety: implementations allow {@link #send} from any thread and deliver inbound
 * datagrams to the sink on one receive thread at a time.
 */
public interface DatagramPort extends AutoCloseable {

  /**
   * Sends one datagram to the peer. The bytes are copied or sent before this returns (the caller
   * keeps the buffer).
   *
   * @throws IOException when there is no path yet, the port is closed, or the socket fails
   */
  void send(byte[] buffer, int offset, int length) throws IOException;

  /**
   * Sets the sink for inbound datagrams ({@code null} to drop them). Typically an {@link
   * Rfc7983Demux}.
   */
  void setSink(DatagramSink sink);

  /** Stops receiving and releases the port. Idempotent. */
  @Override
  void close();
}
