/**
 * Media timing and output for one participant: the media clock that puts audio and video on one 90
 * kHz time line (RTCP sender reports, RFC 3550 §6.4.1), and the file output of its recording.
 */
package io.roomrecorder.core.media;
