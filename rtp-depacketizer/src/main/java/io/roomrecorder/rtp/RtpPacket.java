package io.roomrecorder.rtp;

import java.nio.charset.StandardCharsets;

/**
 * A reusable view of one RTP packet over {@code (byte[], offset, length)} (RFC 3550 §5.1). All
 * offset arithmetic for RTP headers lives here.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |           length              |  (if X, RFC 3550 §5.3.1)
 * |                        header extension                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  payload ...  | padding ... | padding count   |  (if P)
 * </pre>
 *
 * <p>{@link #parse} never throws: it returns a {@link RtpParseStatus} and leaves the view invalid
 * unless the status is {@link RtpParseStatus#OK}. Accessors are only meaningful after {@code OK}.
 *
 * <p>Besides the wire fields the view carries an <em>extended</em> 64-bit sequence number and
 * timestamp. {@code parse} sets them to the 16/32-bit wire values; the {@link ReorderBuffer}
 * replaces them with widened values when it emits a packet, which is what the depacketizers read.
 *
 * <p><b>Thread-safety:</b> none; a view belongs to one stream's thread. <b>Ownership:</b> the view
 * borrows the caller's array and never copies it; it is valid only while the caller leaves those
 * bytes alone.
 */
public final class RtpPacket {
  /** Size of the fixed header, RFC 3550 §5.1. */
  public static final int FIXED_HEADER_SIZE = 12;

  /** "Defined by profile" value of the RFC 8285 §4.2 one-byte header form. */
  public static final int ONE_BYTE_EXTENSION_PROFILE = 0xBEDE;

  /** RFC 8285 §4.3 two-byte form: 0x100 in the top 12 bits, 4 "appbits" below. */
  public static final int TWO_BYTE_EXTENSION_PROFILE = 0x1000;

  private byte[] buf;
  private int off;
  private int len;
  private boolean valid;
  private int payloadOff;
  private int payloadLen;
  private int paddingLen;
  private int extProfile = -1;
  private int extOff;
  private int extLen;
  private long extendedSequence;
  private long extendedTimestamp;
  // result of the last findExtension
  private int foundOff;
  private int foundLen;

  /**
   * Points this view at {@code buf[offset, offset+length)} and validates the headers.
   *
   * @return {@link RtpParseStatus#OK} or why the packet is malformed; never throws for any input (a
   *     null array or out-of-range bounds yield {@link RtpParseStatus#TOO_SHORT})
   */
  public RtpParseStatus parse(byte[] buf, int offset, int length) {
    valid = false;
    extProfile = -1;
    if (buf == null || offset < 0 || length < FIXED_HEADER_SIZE || offset > buf.length - length) {
      return RtpParseStatus.TOO_SHORT;
    }
    int b0 = buf[offset] & 0xFF;
    if ((b0 >>> 6) != 2) {
      return RtpParseStatus.BAD_VERSION;
    }
    int pt = buf[offset + 1] & 0x7F;
    if (pt >= 64 && pt <= 95) {
      return RtpParseStatus.RTCP_PAYLOAD_TYPE;
    }
    int cc = b0 & 0x0F;
    int pos = FIXED_HEADER_SIZE + 4 * cc;
    if (pos > length) {
      return RtpParseStatus.TRUNCATED_CSRC;
    }
    int profile = -1;
    int xOff = 0;
    int xLen = 0;
    if ((b0 & 0x10) != 0) {
      if (pos + 4 > length) {
        return RtpParseStatus.TRUNCATED_EXTENSION;
      }
      profile = u16(buf, offset + pos);
      xLen = 4 * u16(buf, offset + pos + 2);
      pos += 4;
      if (xLen > length - pos) {
        return RtpParseStatus.TRUNCATED_EXTENSION;
      }
      xOff = offset + pos;
      pos += xLen;
    }
    int pad = 0;
    if ((b0 & 0x20) != 0) {
      // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
      pad = buf[offset + length - 1] & 0xFF;
      if (pad == 0 || pad > length - pos) {
        return RtpParseStatus.BAD_PADDING;
      }
    }
    this.buf = buf;
    this.off = offset;
    this.len = length;
    this.payloadOff = offset + pos;
    this.payloadLen = length - pos - pad;
    this.paddingLen = pad;
    this.extProfile = profile;
    this.extOff = xOff;
    this.extLen = xLen;
    this.extendedSequence = sequenceNumber();
    this.extendedTimestamp = timestamp();
    this.valid = true;
    return RtpParseStatus.OK;
  }

  /** True after a successful {@link #parse}. */
  public boolean isValid() {
    return valid;
  }

  public byte[] buffer() {
    return buf;
  }

  public int offset() {
    return off;
  }

  public int length() {
    return len;
  }

  public int version() {
    return (buf[off] & 0xFF) >>> 6;
  }

  public boolean hasPadding() {
    return (buf[off] & 0x20) != 0;
  }

  public boolean hasExtension() {
    return (buf[off] & 0x10) != 0;
  }

  public int csrcCount() {
    return buf[off] & 0x0F;
  }

  /** The i-th contributing source, unsigned 32 bits. */
  public long csrc(int i) {
    if (i < 0 || i >= csrcCount()) {
      throw new IndexOutOfBoundsException("csrc " + i + " of " + csrcCount());
    }
    return u32(buf, off + FIXED_HEADER_SIZE + 4 * i);
  }

  public boolean marker() {
    return (buf[off + 1] & 0x80) != 0;
  }

  public int payloadType() {
    return buf[off + 1] & 0x7F;
  }

  /** The 16-bit wire sequence number. */
  public int sequenceNumber() {
    return u16(buf, off + 2);
  }

  /** The 32-bit wire timestamp, unsigned. */
  public long timestamp() {
    return u32(buf, off + 4);
  }

  /** Synchronization source, unsigned 32 bits. */
  public long ssrc() {
    return u32(buf, off + 8);
  }

  /** Absolute index in {@link #buffer()} of the first payload byte. */
  public int payloadOffset() {
    return payloadOff;
  }

  /** Payload length without padding. */
  public int payloadLength() {
    return payloadLen;
  }

  public int paddingLength() {
    return paddingLen;
  }

  /** Header length: fixed header, CSRCs and header extension. */
  public int headerLength() {
    return payloadOff - off;
  }

  /** The extension's "defined by profile" field, or -1 when X is clear. */
  public int extensionProfile() {
    return extProfile;
  }

  /** Sequence number widened to 64 bits (RFC 3550 A.1 "extended"); see the class comment. */
  public long extendedSequence() {
    return extendedSequence;
  }

  /** RTP timestamp widened to 64 bits; see the class comment. */
  public long extendedTimestamp() {
    return extendedTimestamp;
  }

  /**
   * Sets the widened numbers; called by {@link ReorderBuffer} or by a caller that widens itself.
   */
  public void setExtended(long sequence, long timestamp) {
    this.extendedSequence = sequence;
    this.extendedTimestamp = timestamp;
  }

  /**
   * Looks up RFC 8285 header extension element {@code id} (1–14 in the one-byte form, 1–255 in the
   * two-byte form). On success {@link #extensionOffset()} and {@link #extensionLength()} describe
   * the element's data. A malformed element list ends the search (returns false); no allocation.
   */
  public boolean findExtension(int id) {
    if (!valid || extProfile < 0 || id <= 0) {
      return false;
    }
    int end = extOff + extLen;
    int p = extOff;
    if (extProfile == ONE_BYTE_EXTENSION_PROFILE) {
      // RFC 8285 §4.2: ID (4 bits) | L (4 bits, length-1); ID 0 is a padding byte, ID 15 stops.
      while (p < end) {
        int b = buf[p] & 0xFF;
        int elementId = b >>> 4;
        if (elementId == 0) {
          p++;
          continue;
        }
        if (elementId == 15) {
          return false;
        }
        int l = (b & 0x0F) + 1;
        if (p + 1 + l > end) {
          return false;
        }
        if (elementId == id) {
          foundOff = p + 1;
          foundLen = l;
          return true;
        }
        p += 1 + l;
      }
      return false;
    }
    if ((extProfile & 0xFFF0) == TWO_BYTE_EXTENSION_PROFILE) {
      // RFC 8285 §4.3: ID (8 bits) | length (8 bits, may be 0); a zero byte is padding.
      while (p < end) {
        int elementId = buf[p] & 0xFF;
        if (elementId == 0) {
          p++;
          continue;
        }
        if (p + 2 > end) {
          return false;
        }
        int l = buf[p + 1] & 0xFF;
        if (p + 2 + l > end) {
          return false;
        }
        if (elementId == id) {
          foundOff = p + 2;
          foundLen = l;
          return true;
        }
        p += 2 + l;
      }
    }
    return false;
  }

  /**
   * Absolute index of the data of the element found by the last successful {@link #findExtension}.
   */
  public int extensionOffset() {
    return foundOff;
  }

  /** Length of the data of the element found by the last successful {@link #findExtension}. */
  public int extensionLength() {
    return foundLen;
  }

  /**
   * abs-send-time (http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time): 24-bit 6.18 fixed
   * point seconds, or -1 when absent or not 3 bytes.
   */
  public int absSendTime(int id) {
    if (!findExtension(id) || foundLen != 3) {
      return -1;
    }
    return ((buf[foundOff] & 0xFF) << 16) | u16(buf, foundOff + 1);
  }

  /**
   * transport-wide-cc sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2), or
   * -1 when absent or not 2 bytes.
   */
  public int transportWideSequence(int id) {
    if (!findExtension(id) || foundLen != 2) {
      return -1;
    }
    return u16(buf, foundOff);
  }

  /**
   * The MID (RFC 9143 §15.2 / RFC 8843) as a string, or null when absent. Allocates: use it when a
   * new SSRC is first seen, not per packet; {@link #findExtension} compares without allocating.
   */
  public String mid(int id) {
    if (!findExtension(id) || foundLen == 0) {
      return null;
    }
    return new String(buf, foundOff, foundLen, StandardCharsets.US_ASCII);
  }

  static int u16(byte[] b, int i) {
    return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
  }

  static long u32(byte[] b, int i) {
    return ((long) (b[i] & 0xFF) << 24)
        | ((b[i + 1] & 0xFF) << 16)
        | ((b[i + 2] & 0xFF) << 8)
        | (b[i + 3] & 0xFF);
  }

  /**
   * Widens a 16-bit sequence number to the 64-bit value nearest to {@code reference} (a previously
   * widened number): the RFC 3550 A.1 cycle count without its state.
   */
  public static long nearestSequence(long reference, int sequence16) {
    int delta = (short) (sequence16 - (int) reference);
    return reference + delta;
  }

  /** Widens a 32-bit RTP timestamp to the 64-bit value nearest to {@code reference}. */
  public static long nearestTimestamp(long reference, long timestamp32) {
    int delta = (int) (timestamp32 - reference);
    return reference + delta;
  }
}
