/**
 * Internals of the recorder: peer sessions, SDP, DTLS-SRTP, RTCP feedback and media output. Not
 * API: embedders use io.roomrecorder.api.
 */
package io.roomrecorder.core;
