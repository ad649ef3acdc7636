package io.roomrecorder.rtp;

/** Why a frame was reported through {@link FrameListener#onDamagedFrame}. */
public enum DamageReason {
  /** A sequence-number gap fell inside the frame or just before it. */
  MISSING_PACKETS,
  /** A continuation fragment arrived without its start (H.264 FU-A, VP8 partition). */
  MISSING_START,
  /** The frame ended (timestamp change or marker) while a fragmented unit was still open. */
  MISSING_END,
  /** A packet of the frame had an inconsistent payload (e.g. STAP-A sizes, short FU-A). */
  MALFORMED_PAYLOAD,
  /** A packet of the frame used a packetization this receiver does not support (interleaved). */
  UNSUPPORTED_PAYLOAD,
  /** The frame grew beyond the configured maximum size. */
  TOO_LARGE
}
