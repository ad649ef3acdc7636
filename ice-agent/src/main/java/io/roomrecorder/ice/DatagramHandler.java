package io.roomrecorder.ice;

/**
 * Receives application datagrams (DTLS, SRTP, SRTCP: everything but STUN) from the selected pair.
 *
 * <p>Called on one of the agent's socket reader threads, one datagram at a time. The buffer is
 * borrowed: it is reused for the next datagram as soon as this method returns, so copy what you
 * keep. Do not block: post to your own thread.
 */
@FunctionalInterface
public interface DatagramHandler {
  void onDatagram(byte[] buffer, int offset, int length);

  /**
   * Called on the same thread right after {@link #onDatagram} returned, outside the agent's locks:
   * where follow-up work that {@code onDatagram} had to defer (it runs under the agent's handler
   * lock) may run on this thread instead of waking another one. Must not block either.
   */
  default void afterDispatch() {}
}
