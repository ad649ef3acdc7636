package io.roomrecorder.ice.turn;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A STUN message (RFC 8489 §5) with the attributes TURN (RFC 8656 §18) needs. Mutable while built,
 * not thread-safe.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Magic Cookie                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Transaction ID (96 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class StunMessage {
  public static final int HEADER_LENGTH = 20;
  public static final int MAGIC_COOKIE = 0x2112A442;

  // Methods (RFC 8489 §18.2, RFC 8656 §17).
  public static final int BINDING = 0x001;
  public static final int ALLOCATE = 0x003;
  public static final int REFRESH = 0x004;
  public static final int SEND = 0x006;
  public static final int DATA = 0x007;
  public static final int CREATE_PERMISSION = 0x008;
  public static final int CHANNEL_BIND = 0x009;

  // Classes (RFC 8489 §5).
  public static final int REQUEST = 0x000;
  public static final int INDICATION = 0x010;
  public static final int SUCCESS = 0x100;
  public static final int ERROR = 0x110;

  // Attributes (RFC 8489 §18.3, RFC 8656 §18).
  public static final int ATTR_MAPPED_ADDRESS = 0x0001;
  public static final int ATTR_USERNAME = 0x0006;
  public static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
  public static final int ATTR_ERROR_CODE = 0x0009;
  public static final int ATTR_CHANNEL_NUMBER = 0x000C;
  public static final int ATTR_LIFETIME = 0x000D;
  public static final int ATTR_XOR_PEER_ADDRESS = 0x0012;
  public static final int ATTR_DATA = 0x0013;
  public static final int ATTR_REALM = 0x0014;
  public static final int ATTR_NONCE = 0x0015;
  public static final int ATTR_XOR_RELAYED_ADDRESS = 0x0016;
  public static final int ATTR_REQUESTED_TRANSPORT = 0x0019;
  public static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
  public static final int ATTR_SOFTWARE = 0x8022;
  public static final int ATTR_FINGERPRINT = 0x8028;

  private static final int FINGERPRINT_XOR = 0x5354554e;

  /** Largest message accepted; TURN messages carrying a datagram stay below 64 KiB. */
  public static final int MAX_LENGTH = 65535;

  private final int type;
  private final byte[] transactionId;
  private final List<int[]> attrSpans = new ArrayList<>(); // decoded: {type, offset, length}
  private final List<Object[]> attrsToEncode = new ArrayList<>(); // built: {Integer type, byte[]}
  private final byte[] raw; // the decoded message (null when built)
  private int integrityOffset = -1; // offset in raw of the MESSAGE-INTEGRITY attribute header

  private StunMessage(int type, byte[] transactionId, byte[] raw) {
    this.type = type;
    this.transactionId = transactionId;
    this.raw = raw;
  }

  /** A new message to encode. */
  public static StunMessage create(int method, int messageClass, byte[] transactionId) {
    if (transactionId.length != 12) {
      throw new IllegalArgumentException("transaction id must be 96 bits");
    }
    return new StunMessage(typeOf(method, messageClass), transactionId.clone(), null);
  }

  /** Message type bits from a method and a class (RFC 8489 §5, Figure 3). */
  static int typeOf(int method, int messageClass) {
    return (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2) | messageClass;
  }

  public int method() {
    return (type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80);
  }

  public int messageClass() {
    return type & 0x0110;
  }

  public byte[] transactionId() {
    return transactionId.clone();
  }

  /** Whether {@code buf[off..]} starts like a STUN message (top bits 00 and the magic cookie). */
  public static boolean looksLikeStun(byte[] buf, int off, int len) {
    return len >= HEADER_LENGTH && (buf[off] & 0xC0) == 0 && readInt(buf, off + 4) == MAGIC_COOKIE;
  }

  /**
   * Decodes a message; returns {@code null} for anything malformed (bad header, length not a
   * multiple of 4, attribute overrunning the message). The bytes are copied.
   */
  public static StunMessage decode(byte[] buf, int off, int len) {
    if (off < 0 || len < HEADER_LENGTH || off + len > buf.length || !looksLikeStun(buf, off, len)) {
      return null;
    }
    int bodyLength = readShort(buf, off + 2);
    if ((bodyLength & 3) != 0 || HEADER_LENGTH + bodyLength > len) {
      return null;
    }
    byte[] raw = Arrays.copyOfRange(buf, off, off + HEADER_LENGTH + bodyLength);
    StunMessage m = new StunMessage(readShort(raw, 0), Arrays.copyOfRange(raw, 8, 20), raw);
    int p = HEADER_LENGTH;
    while (p < raw.length) {
      if (p + 4 > raw.length) {
        return null;
      }
      int at = readShort(raw, p);
      int al = readShort(raw, p + 2);
      if (p + 4 + al > raw.length) {
        return null;
      }
      if (m.integrityOffset < 0) {
        m.attrSpans.add(new int[] {at, p + 4, al});
        if (at == ATTR_MESSAGE_INTEGRITY) {
          m.integrityOffset = p;
        }
      }
      // RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY (other than FINGERPRINT) are ignored.
      p += 4 + ((al + 3) & ~3);
    }
    return m;
  }

  /** Adds an attribute to a message being built. */
  public StunMessage add(int attrType, byte[] value) {
    attrsToEncode.add(new Object[] {attrType, value});
    return this;
  }

  public StunMessage addString(int attrType, String value) {
    return add(attrType, value.getBytes(StandardCharsets.UTF_8));
  }

  public StunMessage addInt(int attrType, int value) {
    byte[] v = new byte[4];
    writeInt(v, 0, value);
    return add(attrType, v);
  }

  public StunMessage addXorAddress(int attrType, InetSocketAddress address) {
    return add(attrType, xorAddress(address, transactionId));
  }

  /**
   * Encodes the message; with a key, appends MESSAGE-INTEGRITY (RFC 8489 §14.5); then FINGERPRINT
   * (§14.7) if asked.
   */
  public byte[] encode(byte[] integrityKey, boolean fingerprint) {
    int size = HEADER_LENGTH;
    for (Object[] a : attrsToEncode) {
      size += 4 + ((((byte[]) a[1]).length + 3) & ~3);
    }
    int total = size + (integrityKey != null ? 24 : 0) + (fingerprint ? 8 : 0);
    byte[] out = new byte[total];
    writeShort(out, 0, type);
    writeInt(out, 4, MAGIC_COOKIE);
    System.arraycopy(transactionId, 0, out, 8, 12);
    int p = HEADER_LENGTH;
    for (Object[] a : attrsToEncode) {
      byte[] v = (byte[]) a[1];
      writeShort(out, p, (Integer) a[0]);
      writeShort(out, p + 2, v.length);
      System.arraycopy(v, 0, out, p + 4, v.length);
      p += 4 + ((v.length + 3) & ~3);
    }
    if (integrityKey != null) {
      writeShort(out, 2, p + 24 - HEADER_LENGTH);
      byte[] mac = hmacSha1(integrityKey, out, 0, p);
      writeShort(out, p, ATTR_MESSAGE_INTEGRITY);
      writeShort(out, p + 2, 20);
      System.arraycopy(mac, 0, out, p + 4, 20);
      p += 24;
    }
    if (fingerprint) {
      writeShort(out, 2, p + 8 - HEADER_LENGTH);
      CRC32 crc = new CRC32();
      crc.update(out, 0, p);
      writeShort(out, p, ATTR_FINGERPRINT);
      writeShort(out, p + 2, 4);
      writeInt(out, p + 4, (int) crc.getValue() ^ FINGERPRINT_XOR);
      p += 8;
    }
    writeShort(out, 2, p - HEADER_LENGTH);
    return out;
  }

  /** The first attribute of a type in a decoded message, copied, or {@code null}. */
  public byte[] attribute(int attrType) {
    for (int[] s : attrSpans) {
      if (s[0] == attrType) {
        return Arrays.copyOfRange(raw, s[1], s[1] + s[2]);
      }
    }
    return null;
  }

  /** Offset and length of an attribute value in {@link #raw()}, or {@code null}. */
  public int[] attributeSpan(int attrType) {
    for (int[] s : attrSpans) {
      if (s[0] == attrType) {
        return new int[] {s[1], s[2]};
      }
    }
    return null;
  }

  /** The decoded bytes (do not modify). */
  public byte[] raw() {
    return raw;
  }

  public String stringAttribute(int attrType) {
    byte[] v = attribute(attrType);
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  /** ERROR-CODE as class*100+number (RFC 8489 §14.8), or -1. */
  public int errorCode() {
    byte[] v = attribute(ATTR_ERROR_CODE);
    if (v == null || v.length < 4) {
      return -1;
    }
    return (v[2] & 0x07) * 100 + (v[3] & 0xFF);
  }

  /** An XOR-*-ADDRESS attribute decoded, or {@code null} if absent or malformed. */
  public InetSocketAddress xorAddress(int attrType) {
    byte[] v = attribute(attrType);
    if (v == null || v.length < 8) {
      return null;
    }
    int family = v[1] & 0xFF;
    int port = readShort(v, 2) ^ (MAGIC_COOKIE >>> 16);
    byte[] mask = new byte[16];
    writeInt(mask, 0, MAGIC_COOKIE);
    System.arraycopy(transactionId, 0, mask, 4, 12);
    byte[] addr;
    if (family == 0x01 && v.length == 8) {
      addr = new byte[4];
    } else if (family == 0x02 && v.length == 20) {
      addr = new byte[16];
    } else {
      return null;
    }
    for (int i = 0; i < addr.length; i++) {
      addr[i] = (byte) (v[4 + i] ^ mask[i]);
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(addr), port);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * Checks MESSAGE-INTEGRITY with a key (RFC 8489 §14.5): HMAC-SHA1 over the message up to the
   * attribute, with the length field counting up to and including it.
   */
  public boolean checkIntegrity(byte[] key) {
    if (integrityOffset < 0 || raw == null) {
      return false;
    }
    int[] span = attributeSpan(ATTR_MESSAGE_INTEGRITY);
    if (span == null || span[1] != 20) {
      return false;
    }
    byte[] copy = Arrays.copyOf(raw, integrityOffset);
    writeShort(copy, 2, integrityOffset + 24 - HEADER_LENGTH);
    byte[] mac = hmacSha1(key, copy, 0, copy.length);
    return MessageDigest.isEqual(mac, Arrays.copyOfRange(raw, span[0], span[0] + 20));
  }

  /** Checks FINGERPRINT (RFC 8489 §14.7) if present as the last attribute; false if absent. */
  public boolean checkFingerprint() {
    if (raw == null || raw.length < HEADER_LENGTH + 8) {
      return false;
    }
    int p = raw.length - 8;
    if (readShort(raw, p) != ATTR_FINGERPRINT || readShort(raw, p + 2) != 4) {
      return false;
    }
    CRC32 crc = new CRC32();
    crc.update(raw, 0, p);
    return ((int) crc.getValue() ^ FINGERPRINT_XOR) == readInt(raw, p + 4);
  }

  public boolean hasIntegrity() {
    return integrityOffset >= 0;
  }

  /** Long-term credential key: MD5(username ":" realm ":" password) (RFC 8489 §9.2.2). */
  public static byte[] longTermKey(String username, String realm, String password) {
    try {
      return MessageDigest.getInstance("MD5")
          .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("MD5 unavailable", e);
    }
  }

  static byte[] xorAddress(InetSocketAddress address, byte[] transactionId) {
    byte[] a = address.getAddress().getAddress();
    byte[] v = new byte[4 + a.length];
    v[1] = (byte) (a.length == 4 ? 0x01 : 0x02);
    writeShort(v, 2, address.getPort() ^ (MAGIC_COOKIE >>> 16));
    byte[] mask = new byte[16];
    writeInt(mask, 0, MAGIC_COOKIE);
    System.arraycopy(transactionId, 0, mask, 4, 12);
    for (int i = 0; i < a.length; i++) {
      v[4 + i] = (byte) (a[i] ^ mask[i]);
    }
    return v;
  }

  private static byte[] hmacSha1(byte[] key, byte[] buf, int off, int len) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      mac.update(buf, off, len);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
  }

  static int readShort(byte[] b, int off) {
    return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
  }

  static int readInt(byte[] b, int off) {
    return ((b[off] & 0xFF) << 24)
        | ((b[off + 1] & 0xFF) << 16)
        | ((b[off + 2] & 0xFF) << 8)
        | (b[off + 3] & 0xFF);
  }

  static void writeShort(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }

  static void writeInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }
}
