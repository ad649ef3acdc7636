package io.roomrecorder.datachannel.sctp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The State Cookie parameter we put in INIT-ACK (RFC 9260 §5.1.3): everything needed to build the
 * association when the COOKIE-ECHO comes back, so that no state is held between INIT and
 * COOKIE-ECHO, plus a creation time, a lifetime, and an HMAC-SHA-256 (RFC 2104) under a secret key
 * drawn from the injected randomness.
 *
 * <pre>
 *  version(1) created(8, ms on the caller's clock) lifetime(4, ms)
 *  localTag(4) peerTag(4) localInitialTsn(4) peerInitialTsn(4) peerRwnd(4)
 *  peerOutboundStreams(2) peerInboundStreams(2) peerFeatures(1)
 *  localTieTag(4) peerTieTag(4)  |  HMAC-SHA-256 over all of the above (32)
 * </pre>
 *
 * <p>Not thread-safe (one {@link Mac} per instance).
 */
public final class StateCookie {
  static final int VERSION = 1;
  static final int BODY_LENGTH = 1 + 8 + 4 + 5 * 4 + 2 + 2 + 1 + 4 + 4;
  static final int MAC_LENGTH = 32;
  public static final int LENGTH = BODY_LENGTH + MAC_LENGTH;

  public static final int FEATURE_FORWARD_TSN = 1;
  public static final int FEATURE_RECONFIG = 2;

  private final Mac mac;

  public StateCookie(byte[] key) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java SE runtime", e);
    }
  }

  /** The values a cookie carries. */
  public record Contents(
      long createdMs,
      int lifetimeMs,
      int localTag,
      int peerTag,
      int localInitialTsn,
      int peerInitialTsn,
      int peerRwnd,
      int peerOutboundStreams,
      int peerInboundStreams,
      int peerFeatures,
      int localTieTag,
      int peerTieTag) {}

  /** Outcome of {@link #open}. */
  public enum Check {
    VALID,
    MALFORMED,
    BAD_MAC,
    STALE
  }

  public byte[] create(Contents c) {
    byte[] out = new byte[LENGTH];
    int p = 0;
    out[p++] = VERSION;
    for (int i = 7; i >= 0; i--) {
      out[p++] = (byte) (c.createdMs() >>> (8 * i));
    }
    p = put32(out, p, c.lifetimeMs());
    p = put32(out, p, c.localTag());
    p = put32(out, p, c.peerTag());
    p = put32(out, p, c.localInitialTsn());
    p = put32(out, p, c.peerInitialTsn());
    p = put32(out, p, c.peerRwnd());
    Bytes.put16(out, p, c.peerOutboundStreams());
    Bytes.put16(out, p + 2, c.peerInboundStreams());
    p += 4;
    out[p++] = (byte) c.peerFeatures();
    p = put32(out, p, c.localTieTag());
    p = put32(out, p, c.peerTieTag());
    mac.update(out, 0, BODY_LENGTH);
    byte[] tag = mac.doFinal();
    System.arraycopy(tag, 0, out, BODY_LENGTH, MAC_LENGTH);
    return out;
  }

  /** Parses a cookie; {@link #check} tells whether it may be used. */
  public Opened open(byte[] cookie, long nowMs) {
    if (cookie.length != LENGTH || cookie[0] != VERSION) {
      return new Opened(Check.MALFORMED, null, 0);
    }
    mac.update(cookie, 0, BODY_LENGTH);
    byte[] expected = mac.doFinal();
    byte[] got = new byte[MAC_LENGTH];
    System.arraycopy(cookie, BODY_LENGTH, got, 0, MAC_LENGTH);
    // RFC 9260 §5.1.5 step 2: constant-time compare so the MAC cannot be guessed byte by byte.
    if (!MessageDigest.isEqual(expected, got)) {
      return new Opened(Check.BAD_MAC, null, 0);
    }
    int p = 1;
    long created = 0;
    for (int i = 0; i < 8; i++) {
      created = created << 8 | (cookie[p++] & 0xFF);
    }
    int lifetime = Bytes.u32(cookie, p);
    Contents c =
        new Contents(
            created,
            lifetime,
            Bytes.u32(cookie, p + 4),
            Bytes.u32(cookie, p + 8),
            Bytes.u32(cookie, p + 12),
            Bytes.u32(cookie, p + 16),
            Bytes.u32(cookie, p + 20),
            (cookie[p + 24] & 0xFF) << 8 | (cookie[p + 25] & 0xFF),
            (cookie[p + 26] & 0xFF) << 8 | (cookie[p + 27] & 0xFF),
            cookie[p + 28] & 0xFF,
            Bytes.u32(cookie, p + 29),
            Bytes.u32(cookie, p + 33));
    long age = nowMs - created;
    // §5.1.5 step 3: a cookie older than its lifetime is stale (reported in microseconds,
    // §3.3.10.3).
    if (age > lifetime) {
      return new Opened(Check.STALE, c, (age - lifetime) * 1000);
    }
    return new Opened(Check.VALID, c, 0);
  }

  /** Result of {@link #open}: the check, the contents when authentic, staleness in µs. */
  public record Opened(Check check, Contents contents, long stalenessMicros) {}

  private static int put32(byte[] b, int p, int v) {
    Bytes.put32(b, p, v);
    return p + 4;
  }
}
