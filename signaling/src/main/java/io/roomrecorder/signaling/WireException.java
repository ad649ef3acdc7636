package io.roomrecorder.signaling;

/** A message that cannot be used, with the reason it is counted under. Internal to the codec. */
final class WireException extends Exception {
  private static final long serialVersionUID = 1L;

  final DropReason reason;

  WireException(DropReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }
}
