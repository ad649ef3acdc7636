/**
 * Our MPEG-TS reader: checks a transport stream against ISO/IEC 13818-1 and the rules our muxer
 * promises (sync, continuity, table CRCs, PCR ≤ DTS, increasing timestamps, an AUD per H.264 access
 * unit) and summarises it (streams, codecs, picture sizes, frame counts, duration, gaps). Used by
 * the CLI's {@code inspect} command and by tests. JDK only; never throws on malformed input.
 */
package io.roomrecorder.ts.reader;
