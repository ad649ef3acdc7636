package io.roomrecorder.ice.turn;

import java.io.IOException;

/** A TURN transaction failed: an error response, a timeout or a bad response. */
public final class TurnException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int errorCode;

  public TurnException(String message, int errorCode) {
    super(message);
    this.errorCode = errorCode;
  }

  /** STUN ERROR-CODE (e.g. 401, 437, 441, 486), or -1 when there was no error response. */
  public int errorCode() {
    return errorCode;
  }
}
