/** Opus packet framing (RFC 6716 §3) as far as muxing needs it: the duration of a packet. */
package io.roomrecorder.ts.opus;
