package io.roomrecorder.core.sdp;

/**
 * An {@code a=ssrc:<ssrc> <attribute>[:<value>]} line (RFC 5576 §4.1). The SSRC is unsigned 32-bit
 * kept in a {@code long}: 0xFFFFFFFF is a real SSRC (Raspberry Ninja's audio uses it).
 *
 * @param ssrc 0..0xFFFFFFFF
 * @param attribute {@code cname}, {@code msid} …; empty when the line has none
 * @param value the value after {@code :}, or empty
 */
public record SsrcAttribute(long ssrc, String attribute, String value) {}
