package io.roomrecorder.signaling;

/**
 * One ICE candidate as it travels in VDO.Ninja's {@code candidate}/{@code candidates} fields.
 *
 * @param candidate the candidate line, {@code "candidate:…"} (RFC 8839 §5.1 without {@code a=})
 * @param sdpMid the media stream identification tag, or null when the sender gave none (Raspberry
 *     Ninja sends none, vdo-ninja.md §11.7)
 * @param sdpMLineIndex the m-line index, or {@link #NO_INDEX} when the sender gave none
 * @param usernameFragment the ICE ufrag the browser adds, or null
 */
public record RemoteCandidate(
    String candidate, String sdpMid, int sdpMLineIndex, String usernameFragment) {

  /** {@link #sdpMLineIndex} value meaning "not given". */
  public static final int NO_INDEX = -1;

  public RemoteCandidate {
    if (candidate == null) {
      throw new IllegalArgumentException("candidate must not be null");
    }
  }

  /** Whether the sender gave an m-line index. */
  public boolean hasMLineIndex() {
    return sdpMLineIndex >= 0;
  }
}
