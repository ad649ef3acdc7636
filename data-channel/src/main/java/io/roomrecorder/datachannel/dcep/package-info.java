/**
 * The Data Channel Establishment Protocol (RFC 8832): the DATA_CHANNEL_OPEN and DATA_CHANNEL_ACK
 * messages carried with PPID 50. Pure codec, no state.
 */
package io.roomrecorder.datachannel.dcep;
