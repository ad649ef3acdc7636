package io.roomrecorder.testpeer.media;

/** The video codecs the test publisher can send, with their RTP encoding names (RFC 8866 §6.6). */
public enum VideoCodec {
  /** H.264 in RFC 6184 packetization mode 1, recorded to MPEG-TS. */
  H264("H264"),
  /** VP8 in RFC 7741 packets, recorded to WebM: what a browser without H.264 sends. */
  VP8("VP8");

  private final String encodingName;

  VideoCodec(String encodingName) {
    this.encodingName = encodingName;
  }

  /** The {@code a=rtpmap} encoding name. */
  public String encodingName() {
    return encodingName;
  }
}
