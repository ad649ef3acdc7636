/**
 * RTP for the recorder's receive path, JDK only: nothing here performs I/O, reads a clock or logs.
 *
 * <p>One stream (SSRC) is handled by one thread, in this order:
 *
 * <ol>
 *   <li>{@link io.roomrecorder.rtp.RtpPacket} — a reusable view over the SRTP-decrypted datagram
 *       (RFC 3550 §5.1, RFC 8285 header extensions); parsing returns a status, never throws.
 *   <li>{@link io.roomrecorder.rtp.ReorderBuffer} — copies the packet in, widens sequence numbers
 *       and timestamps to 64 bits, unwraps RTX (RFC 4588), emits packets in order with {@code LOST}
 *       and {@code RESTART} events, collects NACK lists and fills RR report blocks.
 *   <li>A {@link io.roomrecorder.rtp.Depacketizer} — {@code h264.H264Depacketizer} (RFC 6184),
 *       {@code vp8.Vp8Depacketizer} (RFC 7741) or {@code opus.OpusDepacketizer} (RFC 7587) — calls
 *       a {@link io.roomrecorder.rtp.FrameListener} with whole frames and reports damaged ones
 *       instead of emitting them.
 * </ol>
 *
 * RTCP lives in {@code io.roomrecorder.rtp.rtcp}. Bad input is dropped and counted in the stats
 * snapshots ({@link io.roomrecorder.rtp.ReorderStats}, {@link
 * io.roomrecorder.rtp.DepacketizerStats}), never thrown.
 */
package io.roomrecorder.rtp;
