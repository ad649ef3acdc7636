/**
 * End-to-end tests of room recording (issue 9): several test publishers recorded at once through a
 * real handshake server over loopback, late joiners, participants who come back, passwords,
 * relay-only ICE through coturn, seeded loss, a killed recorder process, A/V sync against the
 * sender's truth and the health sidecar. Every file is checked with ffprobe and ffmpeg.
 */
package io.roomrecorder.testpeer.room;
