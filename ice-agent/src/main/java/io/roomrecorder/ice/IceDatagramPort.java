package io.roomrecorder.ice;

import java.io.IOException;

/**
 * The selected candidate pair as a datagram port for the DTLS, SCTP and SRTP layers. STUN never
 * passes through it: ice4j consumes connectivity checks and consent requests.
 *
 * <p>Thread-safety: {@link #send} may be called from any thread. {@link #setReceiveHandler} may be
 * called at any time; datagrams arriving while no handler is set are dropped and counted ({@link
 * IceStats#datagramsDroppedNoHandler()}).
 */
public interface IceDatagramPort {

  /**
   * Sends one datagram to the remote candidate of the selected pair (through the TURN server if the
   * local candidate is relayed). The bytes are copied or sent before this returns; the caller keeps
   * the buffer.
   *
   * @throws IOException if no pair is selected yet, the agent is closed, or the socket fails
   */
  void send(byte[] buffer, int offset, int length) throws IOException;

  /** Sets (or clears with {@code null}) the handler for received datagrams. */
  void setReceiveHandler(DatagramHandler handler);

  /** The pair datagrams are sent on, or {@code null} before one is valid. */
  SelectedPair selectedPair();
}
