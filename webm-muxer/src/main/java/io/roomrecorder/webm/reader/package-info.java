/**
 * A checking WebM/Matroska reader (RFC 8794 EBML, RFC 9559 Matroska) for {@code room-recorder
 * inspect}: streams through a file the way a demuxer does, with bounded memory, and summarises its
 * tracks, frames, timestamps and problems. JDK only; reads no clock.
 */
package io.roomrecorder.webm.reader;
