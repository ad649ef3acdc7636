package io.roomrecorder.rtp.opus;

import io.roomrecorder.rtp.DamageReason;
import io.roomrecorder.rtp.Depacketizer;
import io.roomrecorder.rtp.DepacketizerStats;
import io.roomrecorder.rtp.FrameFlags;
import io.roomrecorder.rtp.FrameListener;
import io.roomrecorder.rtp.RtpPacket;

/**
 * RFC 7587 depacketizer: each RTP payload is exactly one Opus packet (§4.2), passed through
 * unchanged after its framing is validated ({@link OpusToc}). The RTP clock is always 48 kHz
 * (§4.1), so {@link #durationSamples()} is in RTP timestamp units.
 *
 * <p>A sequence gap is reported once through {@link FrameListener#onDamagedFrame} (with the
 * timestamp the first missing packet was expected at) and the next packet carries {@link
 * FrameFlags#AFTER_DAMAGE}. A timestamp step larger than the previous packet's duration without a
 * sequence gap is discontinuous transmission (§3.1.3 DTX): the packet carries {@link
 * FrameFlags#DTX_GAP} and {@link #gapSamples()} says how much silence was skipped.
 *
 * <p><b>Thread-safety:</b> none; one instance per stream. <b>Ownership:</b> {@code onFrame}
 * receives the packet's own bytes, borrowed for the callback. No allocation.
 */
public final class OpusDepacketizer implements Depacketizer {
  private final FrameListener listener;
  private final OpusToc toc = new OpusToc();
  private boolean haveLast;
  private long lastSequence;
  private long expectedTimestamp;
  private boolean lossPending;
  private long gapSamples;
  private boolean durationKnown;

  private long packets;
  private long used;
  private long malformed;
  private long ignored;
  private long frames;
  private long damaged;

  public OpusDepacketizer(FrameListener listener) {
    this.listener = listener;
  }

  @Override
  public void handle(RtpPacket p) {
    packets++;
    long seq = p.extendedSequence();
    long ts = p.extendedTimestamp();
    boolean gap = lossPending || (haveLast && seq != lastSequence + 1);
    if (gap && haveLast && !lossPending) {
      damaged++;
      listener.onDamagedFrame(expectedTimestamp, DamageReason.MISSING_PACKETS);
    }
    lossPending = false;
    haveLast = true;
    lastSequence = seq;
    if (p.payloadLength() == 0) {
      ignored++; // nothing to decode; RFC 6716 R1 forbids empty Opus packets
      durationKnown = false;
      return;
    }
    if (!toc.parse(p.buffer(), p.payloadOffset(), p.payloadLength())) {
      malformed++;
      durationKnown = false; // its duration is unknown: no DTX conclusion from the next step
      return;
    }
    used++;
    int flags = gap ? FrameFlags.AFTER_DAMAGE : 0;
    gapSamples = 0;
    if (!gap && durationKnown && ts > expectedTimestamp) {
      gapSamples = ts - expectedTimestamp;
      flags |= FrameFlags.DTX_GAP;
    }
    expectedTimestamp = ts + toc.durationSamples;
    durationKnown = true;
    frames++;
    listener.onFrame(p.buffer(), p.payloadOffset(), p.payloadLength(), ts, true, flags);
  }

  @Override
  public void handleLoss(long firstSequence, int count) {
    if (haveLast && !lossPending) {
      damaged++;
      listener.onDamagedFrame(expectedTimestamp, DamageReason.MISSING_PACKETS);
    }
    lossPending = true;
  }

  @Override
  public void flush() {}

  /** Number of Opus frames in the packet just delivered (valid during {@code onFrame}). */
  public int frameCount() {
    return toc.frameCount;
  }

  /** Duration of the packet just delivered in 48 kHz samples (valid during {@code onFrame}). */
  public int durationSamples() {
    return toc.durationSamples;
  }

  /** The TOC configuration (0–31) of the packet just delivered. */
  public int config() {
    return toc.config;
  }

  public boolean stereo() {
    return toc.stereo;
  }

  /** Samples skipped by DTX before the packet just delivered, 0 if none. */
  public long gapSamples() {
    return gapSamples;
  }

  @Override
  public DepacketizerStats stats() {
    return new DepacketizerStats(packets, used, malformed, 0, ignored, 0, frames, frames, damaged);
  }
}
