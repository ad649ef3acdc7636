/**
 * MPEG-TS muxing (ISO/IEC 13818-1) of H.264 and Opus into 188-byte packets handed to a sink. JDK
 * only; nothing here performs I/O or reads a clock.
 *
 * <p>Use, from the one thread that owns a participant's recording:
 *
 * <pre>{@code
 * TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), sink); // sink: your TsSink
 * muxer.writeVideo(annexB, 0, length, pts90k, keyframe); // false = dropped, see stats()
 * muxer.writeAudio(opus, 0, length, pts90k);
 * muxer.flush();  // at least once a second: a crash loses nothing flushed
 * muxer.close();  // flushes and closes the sink
 * }</pre>
 *
 * <p>Layers, bottom up: {@code TsPacketWriter} (transport packets, adaptation field, PCR,
 * continuity counters), {@code ProgramTables} (PAT/PMT sections with CRC-32/MPEG-2), {@code
 * PesHeader} (PES header, 33-bit PTS), and {@link io.roomrecorder.ts.TsMuxer} on top (H.264 AUD and
 * parameter-set insertion, Opus control headers, table and PCR repetition, timelines). {@link
 * io.roomrecorder.ts.reader.TsReader} reads the result back and checks it.
 */
package io.roomrecorder.ts;
