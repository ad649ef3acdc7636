package io.roomrecorder.core.srtp;

import org.jitsi.srtp.SrtpErrorStatus;

/**
 * Outcome of one protect or unprotect: jitsi-srtp's {@link SrtpErrorStatus} plus the cases we
 * decide before calling it. Every value other than {@link #OK} means the packet was dropped.
 */
public enum SrtpStatus {
  OK,
  /** Authentication tag wrong (RFC 3711 §3.4) or GCM tag check failed (RFC 7714 §9.2). */
  AUTH_FAIL,
  /** Index already seen inside the replay window (RFC 3711 §3.3.2). */
  REPLAY_FAIL,
  /** Index older than the replay window. */
  REPLAY_OLD,
  /** Too short, wrong version, or header lengths past the end. */
  INVALID_PACKET,
  /** A cipher error. */
  FAIL,
  /** No keys yet and the hold queue is full. */
  NO_KEYS;

  static SrtpStatus of(SrtpErrorStatus s) {
    return switch (s) {
      case OK -> OK;
      case AUTH_FAIL -> AUTH_FAIL;
      case REPLAY_FAIL -> REPLAY_FAIL;
      case REPLAY_OLD -> REPLAY_OLD;
      case INVALID_PACKET -> INVALID_PACKET;
      case FAIL -> FAIL;
    };
  }
}
