/**
 * The public embedding API: builder, immutable configuration, events and statistics. No Netty,
 * ice4j, Bouncy Castle or jitsi type appears in any public signature here.
 */
package io.roomrecorder.api;
