package io.roomrecorder.rtp;

/**
 * Counters of a {@link Depacketizer}. Every handled packet is counted once:
 *
 * <pre>
 * packets == used + malformed + unsupported + ignored + discarded
 * </pre>
 *
 * {@code used}: its payload went into a frame being assembled (which may still turn out damaged);
 * {@code malformed}: inconsistent payload; {@code unsupported}: packetization not supported; {@code
 * ignored}: nothing to use by design (empty payload, reserved NAL types); {@code discarded}:
 * belonged to a frame already known damaged. Frames: {@code frames} emitted (of which {@code
 * keyframes}) plus {@code damagedFrames} reported.
 */
public record DepacketizerStats(
    long packets,
    long used,
    long malformed,
    long unsupported,
    long ignored,
    long discarded,
    long frames,
    long keyframes,
    long damagedFrames) {

  /** True when every packet is accounted for. */
  public boolean balanced() {
    return packets == used + malformed + unsupported + ignored + discarded;
  }
}
