package io.roomrecorder.core.dtls;

import java.util.Optional;

/**
 * The DTLS-SRTP protection profiles we negotiate in the use_srtp extension (RFC 5764 §4.1.2, RFC
 * 7714 §14.2), with their key sizes. Browsers offer both and prefer GCM; GStreamer's webrtcbin
 * (Raspberry Ninja) offers only {@link #AES128_CM_HMAC_SHA1_80}.
 */
public enum SrtpProfile {
  /** {@code SRTP_AEAD_AES_128_GCM} (0x0007): 16-byte key, 12-byte salt, 16-byte tag. */
  AEAD_AES_128_GCM(0x0007, 16, 12, 16),
  /** {@code SRTP_AES128_CM_HMAC_SHA1_80} (0x0001): 16-byte key, 14-byte salt, 10-byte tag. */
  AES128_CM_HMAC_SHA1_80(0x0001, 16, 14, 10);

  private final int id;
  private final int keyLength;
  private final int saltLength;
  private final int authTagLength;

  SrtpProfile(int id, int keyLength, int saltLength, int authTagLength) {
    this.id = id;
    this.keyLength = keyLength;
    this.saltLength = saltLength;
    this.authTagLength = authTagLength;
  }

  /** The IANA "DTLS-SRTP Protection Profiles" value. */
  public int id() {
    return id;
  }

  /** Master key length in bytes. */
  public int keyLength() {
    return keyLength;
  }

  /** Master salt length in bytes. */
  public int saltLength() {
    return saltLength;
  }

  /** Bytes SRTP appends to each RTP packet (HMAC tag or GCM tag). */
  public int authTagLength() {
    return authTagLength;
  }

  /** RFC 5764 §4.2: the exporter output length, 2 * (key + salt). */
  public int keyingMaterialLength() {
    return 2 * (keyLength + saltLength);
  }

  /** The profile with this IANA value. */
  public static Optional<SrtpProfile> byId(int id) {
    for (SrtpProfile p : values()) {
      if (p.id == id) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
