package io.roomrecorder.rtp;

/**
 * What every video depacketizer does around its codec's payload format: a frame is all packets of
 * one RTP timestamp (RFC 3550 §5.1), ending at the marker bit or when the timestamp changes; a
 * sequence gap or a reported loss damages the frame it touches, which is then reported through
 * {@link FrameListener#onDamagedFrame} instead of being emitted, and the rest of its packets are
 * discarded; padding-only packets carry a gap over to the next packet; frames after a damaged one
 * carry {@link FrameFlags#AFTER_DAMAGE} until the next keyframe.
 *
 * <p>A subclass parses its payloads ({@link #payload}), checks and emits a finished frame ({@link
 * #endFrame}, through {@link #reportIfDamaged} and {@link #deliver}). Counters are fields the
 * subclass adds to where its payload format drops data. Not thread-safe, like every {@link
 * Depacketizer}.
 */
public abstract class FrameDepacketizer implements Depacketizer {
  protected final FrameListener listener;
  private final SequenceGaps gaps = new SequenceGaps();
  private boolean active;
  private long frameTimestamp;
  private DamageReason damage;
  private boolean discarding;
  private long discardTimestamp;
  private boolean afterDamage;

  protected long packets;
  protected long ignored;
  protected long discarded;
  protected long frames;
  protected long keyframes;
  protected long damagedFrames;

  protected FrameDepacketizer(FrameListener listener) {
    this.listener = listener;
  }

  @Override
  public final void handle(RtpPacket p) {
    packets++;
    long ts = p.extendedTimestamp();
    boolean gap = gaps.next(p.extendedSequence());
    if (p.payloadLength() == 0) {
      // Padding only (bandwidth probing, RFC 3550 §5.1 P bit): no media. A gap before it may still
      // have taken the start of the next frame, so the gap is carried to the next packet.
      ignored++;
      gaps.carry(gap);
      return;
    }
    if (active && ts != frameTimestamp) {
      if (gap) {
        damage(DamageReason.MISSING_PACKETS); // its tail may be what was lost
      }
      finish(false);
    }
    if (discarding && ts == discardTimestamp) {
      discarded++; // rest of a frame already reported damaged
      return;
    }
    discarding = false;
    boolean first = !active;
    if (first) {
      active = true;
      frameTimestamp = ts;
      damage = null;
      startFrame();
    }
    payload(p, first, gap);
    if (p.marker()) {
      finish(true);
    }
  }

  @Override
  public final void handleLoss(long firstSequence, int count) {
    gaps.lost();
    if (active) {
      damage(DamageReason.MISSING_PACKETS);
      discarding = true;
      discardTimestamp = frameTimestamp;
      finish(false);
    }
  }

  @Override
  public final void flush() {
    if (active) {
      finish(false);
    }
  }

  private void finish(boolean byMarker) {
    active = false;
    endFrame(byMarker);
  }

  /** A new frame begins: reset the codec's per-frame state. */
  protected abstract void startFrame();

  /**
   * One packet with payload of the current frame (after its boundaries were handled).
   *
   * @param first whether it opened the frame
   * @param gap whether packets are missing right before it
   */
  protected abstract void payload(RtpPacket p, boolean first, boolean gap);

  /**
   * The frame ended (marker, new timestamp, loss, flush): check it (calling {@link #damage}), then
   * {@link #reportIfDamaged} or {@link #deliver}.
   */
  protected abstract void endFrame(boolean byMarker);

  /** Marks the current frame damaged; the first reason stays. */
  protected final void damage(DamageReason reason) {
    if (damage == null) {
      damage = reason;
    }
  }

  protected final boolean isDamaged() {
    return damage != null;
  }

  /** Reports the finished frame as damaged if it is; true then. */
  protected final boolean reportIfDamaged() {
    if (damage == null) {
      return false;
    }
    damagedFrames++;
    afterDamage = true;
    listener.onDamagedFrame(frameTimestamp, damage);
    return true;
  }

  /** Emits the finished, undamaged frame (adding {@link FrameFlags#AFTER_DAMAGE} when due). */
  protected final void deliver(byte[] data, int length, boolean keyframe, int flags) {
    if (keyframe) {
      afterDamage = false;
      keyframes++;
    } else if (afterDamage) {
      flags |= FrameFlags.AFTER_DAMAGE;
    }
    frames++;
    listener.onFrame(data, 0, length, frameTimestamp, keyframe, flags);
  }
}
