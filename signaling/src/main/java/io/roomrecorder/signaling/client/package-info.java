/**
 * The Netty websocket driver of {@link io.roomrecorder.signaling.SignalingSession}: {@link
 * io.roomrecorder.signaling.client.SignalingClient}. TLS is verified by default; Netty types never
 * leave this package.
 */
package io.roomrecorder.signaling.client;
