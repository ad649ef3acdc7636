/**
 * What the test publisher sends: the bundled sample clips (H.264 access units or VP8 frames, and
 * Opus packets), RFC 6184 / RFC 7741 / RFC 7587 packetizers, RTP header writing, RTCP sender
 * reports and the retransmission history that answers NACKs.
 */
package io.roomrecorder.testpeer.media;
