/**
 * RTCP (RFC 3550 §6, RFC 4585, RFC 5104, draft-alvestrand-rmcat-remb): a validating compound-packet
 * parser that reports typed fields to an {@link io.roomrecorder.rtp.rtcp.RtcpListener}, and
 * builders for what a receiver sends (RR, SDES CNAME, generic NACK, PLI, FIR, REMB). JDK only, no
 * I/O.
 */
package io.roomrecorder.rtp.rtcp;
