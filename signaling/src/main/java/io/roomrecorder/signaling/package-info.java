/**
 * VDO.Ninja signaling (see shared/protocol/vdo-ninja.md), with no Netty or Jackson type in any
 * public signature:
 *
 * <ul>
 *   <li>{@link io.roomrecorder.signaling.SignalingConfig} — server URL (normalized like {@code
 *       --server}), room, stream, streams filter, password/salt, TLS and routing options.
 *   <li>{@link io.roomrecorder.signaling.Password}, {@link io.roomrecorder.signaling.StreamIds},
 *       {@link io.roomrecorder.signaling.RoomNames} — hashes, salting, AES-256-CBC payloads and
 *       identifiers exactly as the browser makes them (§2), plus file-name-safe stream IDs.
 *   <li>{@link io.roomrecorder.signaling.SignalingSession} — the sans-IO protocol state machine;
 *       {@link io.roomrecorder.signaling.SignalingEvent} — what it reports.
 *   <li>{@link io.roomrecorder.signaling.DataChannelCodec} and {@link
 *       io.roomrecorder.signaling.DcMessage} — the same message model for the publisher's data
 *       channel (media offer, candidates, ping/pong, bye, hello, keyframe request).
 * </ul>
 *
 * The websocket driver lives in {@code io.roomrecorder.signaling.client}, the handshake server in
 * {@code io.roomrecorder.signaling.server}. Bad input is dropped and counted by {@link
 * io.roomrecorder.signaling.DropReason}, never thrown to the caller.
 */
package io.roomrecorder.signaling;
