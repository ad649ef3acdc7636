/**
 * EBML (RFC 8794) primitives: variable-size integers, element headers, a growable element writer
 * and a bounds-checked element-header reader, plus the Matroska element IDs (RFC 9559) the muxer
 * writes. JDK only; no I/O.
 */
package io.roomrecorder.webm.ebml;
