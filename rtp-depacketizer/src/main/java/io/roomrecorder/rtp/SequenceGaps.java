package io.roomrecorder.rtp;

/**
 * Tells a frame assembler whether packets are missing between the one it gets and the one before
 * (64-bit sequence numbers from the reorder buffer), including losses the buffer reported
 * explicitly. Used by {@link FrameDepacketizer}. Not thread-safe; no allocation.
 */
final class SequenceGaps {
  private boolean haveLast;
  private long lastSequence;
  private boolean lossPending;

  /**
   * Notes the packet with {@code sequence} and returns whether packets were lost before it (a
   * reported loss, or a jump in the numbers).
   */
  boolean next(long sequence) {
    boolean gap = lossPending || (haveLast && sequence != lastSequence + 1);
    lossPending = false;
    haveLast = true;
    lastSequence = sequence;
    return gap;
  }

  /**
   * Carries a gap over to the next packet: the packet just noted held no media (padding only, RFC
   * 3550 §5.1 P bit), so the start of the next frame may have been lost with the gap.
   */
  void carry(boolean gap) {
    lossPending = gap;
  }

  /** The reorder buffer gave up on packets: the next packet follows a gap. */
  void lost() {
    lossPending = true;
  }
}
