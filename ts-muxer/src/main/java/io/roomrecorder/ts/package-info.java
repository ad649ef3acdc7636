/**
 * MPEG-TS muxing (ISO/IEC 13818-1) of H.264 and Opus into 188-byte packets handed to a sink. JDK
 * only; nothing here performs I/O or reads a clock.
 */
package io.roomrecorder.ts;
