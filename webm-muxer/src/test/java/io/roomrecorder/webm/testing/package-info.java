/**
 * Test support shared through the test-jar: readers for the committed samples (IVF for VP8, Ogg
 * Opus for audio), a WebM element walker, and ffprobe/ffmpeg runners.
 */
package io.roomrecorder.webm.testing;
