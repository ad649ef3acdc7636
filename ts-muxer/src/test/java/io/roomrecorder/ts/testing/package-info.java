/**
 * Reusable test helpers shipped in ts-muxer's test-jar: running ffprobe/ffmpeg and parsing their
 * output ({@link io.roomrecorder.ts.testing.Ffprobe}, {@link io.roomrecorder.ts.testing.Ffmpeg}), a
 * file sink ({@link io.roomrecorder.ts.testing.FileTsSink}) and the committed sample media ({@link
 * io.roomrecorder.ts.testing.SampleMedia}). recorder-core tests depend on this API.
 */
package io.roomrecorder.ts.testing;
