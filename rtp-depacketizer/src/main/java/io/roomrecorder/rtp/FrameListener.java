package io.roomrecorder.rtp;

/**
 * Receives what a {@link Depacketizer} assembles, on the thread that called {@link
 * Depacketizer#handle}.
 *
 * <p><b>Ownership:</b> {@code data} is the depacketizer's own frame buffer (H.264, VP8) or the
 * packet's own bytes (Opus), borrowed for the duration of {@link #onFrame} only: copy (or write
 * out) what you keep before returning, and do not call back into the depacketizer from the
 * callback.
 */
public interface FrameListener {
  /**
   * A complete frame: an Annex-B access unit (H.264), a VP8 frame, or one Opus packet.
   *
   * @param rtpTimestamp the frame's RTP timestamp widened to 64 bits
   * @param keyframe an IDR access unit (H.264), a VP8 key frame, always true for Opus
   * @param flags {@link FrameFlags} bits
   */
  void onFrame(byte[] data, int offset, int length, long rtpTimestamp, boolean keyframe, int flags);

  /**
   * A frame that could not be assembled whole was dropped (never emitted as if whole). Video
   * consumers usually ask for a keyframe (PLI) now.
   */
  void onDamagedFrame(long rtpTimestamp, DamageReason reason);
}
