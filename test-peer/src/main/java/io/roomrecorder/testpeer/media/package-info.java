/**
 * What the test publisher sends: the bundled sample clip (H.264 access units and Opus packets), RFC
 * 6184 / RFC 7587 packetizers, RTP header writing, RTCP sender reports and the retransmission
 * history that answers NACKs.
 */
package io.roomrecorder.testpeer.media;
