/**
 * The bits of ITU-T H.264 the muxer and the TS reader need: Annex-B start-code scanning, NAL unit
 * types (§7.4.1) and the sequence parameter set fields that give the picture size (§7.3.2.1.1). JDK
 * only; stateless.
 */
package io.roomrecorder.ts.h264;
