package io.roomrecorder.core.media;

/**
 * Where a peer session's frames go: the participant's recording. Called on the session's executor
 * only; buffers are borrowed for the call. Presentation times are 90 kHz on the participant's media
 * clock (audio and video aligned by RTCP sender reports).
 */
public interface MediaSink {
  /**
   * What the latest answer negotiated: called before any frame and again on renegotiation.
   *
   * @param videoCodec {@code H264}, {@code VP8}, or {@code null} when no video was accepted
   * @param audio whether Opus audio was accepted (and is wanted)
   */
  default void onNegotiated(String videoCodec, boolean audio) {}

  /**
   * Where the presentation times start: PTS 0 is {@code originClockMs} on the session clock ({@code
   * PeerConfig.clockMs()}, monotonic milliseconds). A frame's PTS thus tells when, on that clock,
   * it was captured (mapped through the sender's reports, plus the network delay): a sink can place
   * its first frame on the wall clock by that rather than by when the frame reached it, which may
   * be much later after a backlog. Called before {@link #onNegotiated}.
   */
  default void onMediaClock(long originClockMs) {}

  /**
   * One video access unit (H.264: Annex-B with its parameter sets before keyframes; VP8: one
   * frame).
   *
   * @param codec {@code H264} or {@code VP8}
   * @param width coded width in pixels, 0 when not known yet
   * @param height coded height in pixels, 0 when not known yet
   */
  void onVideoFrame(
      String codec,
      byte[] data,
      int offset,
      int length,
      long pts90k,
      boolean keyframe,
      int width,
      int height);

  /** One Opus packet. */
  void onAudioFrame(byte[] data, int offset, int length, long pts90k);

  /** A video frame could not be repaired: the picture freezes until the next keyframe. */
  default void onVideoDamaged(long pts90k, String reason) {}

  /** The session ended; no more calls follow. */
  default void onEnd(String reason) {}
}
