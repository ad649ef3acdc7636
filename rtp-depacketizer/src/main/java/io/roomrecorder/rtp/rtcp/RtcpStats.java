package io.roomrecorder.rtp.rtcp;

/**
 * Snapshot of an {@link RtcpParser}'s counters. {@code datagrams == accepted + tooShort +
 * badVersion + badLength + badPadding}; {@code accepted} includes those with skipped sub-packets.
 */
public record RtcpStats(
    long datagrams,
    long accepted,
    long tooShort,
    long badVersion,
    long badLength,
    long badPadding,
    long subpackets,
    long malformedSubpackets,
    long otherSubpackets) {}
