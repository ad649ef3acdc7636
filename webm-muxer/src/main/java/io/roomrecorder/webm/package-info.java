/**
 * Matroska/WebM muxing of VP8 and Opus into a sink, live-recording friendly (unknown-size Segment
 * and Clusters). JDK only; nothing here performs I/O or reads a clock.
 */
package io.roomrecorder.webm;
