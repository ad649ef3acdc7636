package io.roomrecorder.rtp;

/**
 * Snapshot of a {@link ReorderBuffer}'s counters. Every pushed packet is counted exactly once:
 *
 * <pre>
 * received == accepted + duplicates + tooOld + malformed + wrongSsrc + oversized + bufferFull
 *           + rtxPadding + probation + badJump + heldPending
 * accepted == emitted + buffered
 * </pre>
 *
 * {@code rtxRecovered} (RTX packets that filled a gap) are part of {@code accepted}; {@code lost}
 * counts sequence numbers given up on; {@code restarts} sender restarts detected (RFC 3550 A.1).
 */
public record ReorderStats(
    long received,
    long accepted,
    long emitted,
    long buffered,
    long duplicates,
    long tooOld,
    long malformed,
    long wrongSsrc,
    long oversized,
    long bufferFull,
    long rtxReceived,
    long rtxRecovered,
    long rtxPadding,
    long probation,
    long badJump,
    long heldPending,
    long lost,
    long restarts,
    long nacksRequested) {

  /** True when the accounting identities in the class comment hold. */
  public boolean balanced() {
    return received
            == accepted
                + duplicates
                + tooOld
                + malformed
                + wrongSsrc
                + oversized
                + bufferFull
                + rtxPadding
                + probation
                + badJump
                + heldPending
        && accepted == emitted + buffered;
  }
}
