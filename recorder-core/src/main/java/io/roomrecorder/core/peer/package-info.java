/**
 * One WebRTC connection with one publisher: the offer/answer flow (first offer over the websocket,
 * renegotiation over the data channel, as VDO.Ninja browsers do), ICE, DTLS-SRTP, the SCTP data
 * channel and the media receiver that turns SRTP into frames with RTCP feedback. Each session is
 * owned by one serial executor; other threads post to it.
 */
package io.roomrecorder.core.peer;
