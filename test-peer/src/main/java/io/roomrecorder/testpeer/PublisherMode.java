package io.roomrecorder.testpeer;

/** How the test publisher negotiates (vdo-ninja.md §1.3, §10, §11). */
public enum PublisherMode {
  /**
   * Like the VDO.Ninja web app: the first offer holds only the data channel; camera and microphone
   * are added after the viewer's hello over {@code sendChannel}, and the media offer goes over the
   * data channel (renegotiation).
   */
  BROWSER,
  /**
   * Like Raspberry Ninja (GStreamer webrtcbin): media in the first offer over the websocket, string
   * mids, bundle-only m-lines, audio SSRC 0xFFFFFFFF, Opus PT 100, no header extensions, SRTP
   * AES128_CM_HMAC_SHA1_80 only, an RSA certificate, pings every 3 s, {@code "session": null} in
   * the offer and every candidate.
   */
  RASPBERRY_NINJA
}
