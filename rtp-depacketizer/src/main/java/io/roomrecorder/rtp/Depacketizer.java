package io.roomrecorder.rtp;

/**
 * Turns in-order RTP packets of one stream into frames for a {@link FrameListener}. Packets come
 * from a {@link ReorderBuffer} (or any source that sets {@link RtpPacket#setExtended} with widened
 * numbers); a sequence gap between consecutive packets marks the frame it touches as damaged.
 *
 * <p><b>Thread-safety:</b> none; one instance per stream, driven by that stream's thread. <b>
 * Ownership:</b> {@link #handle} borrows the packet for the call; frame bytes passed to the
 * listener are the depacketizer's own buffer, valid during the callback only.
 */
public interface Depacketizer {
  /** Consumes one packet; may call the listener zero or more times. Never throws on bad input. */
  void handle(RtpPacket packet);

  /**
   * Tells the depacketizer that sequence numbers were given up (from {@link
   * ReorderBuffer.Event#LOST}); optional, since the next packet's sequence number shows the gap,
   * but it reports a damaged frame without waiting for that packet.
   */
  void handleLoss(long firstSequence, int count);

  /** End of stream: finishes a frame still being assembled (emitted only if complete). */
  void flush();

  DepacketizerStats stats();
}
