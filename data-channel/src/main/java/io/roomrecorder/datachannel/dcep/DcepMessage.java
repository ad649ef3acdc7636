package io.roomrecorder.datachannel.dcep;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A DCEP message (RFC 8832 §5). Parsing never throws: bad input gives {@code null}.
 *
 * <pre>
 *  DATA_CHANNEL_OPEN (§5.1)
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Message Type |  Channel Type |            Priority           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Reliability Parameter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Label Length          |       Protocol Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Label ... | Protocol ...                                     |
 *
 *  DATA_CHANNEL_ACK (§5.2): one byte, Message Type 0x02.
 * </pre>
 */
public sealed interface DcepMessage {
  int PPID = 50;
  int TYPE_ACK = 0x02;
  int TYPE_OPEN = 0x03;

  /** Channel types (§5.1); the 0x80 bit means unordered. */
  int CHANNEL_RELIABLE = 0x00;

  int CHANNEL_PARTIAL_RELIABLE_REXMIT = 0x01;
  int CHANNEL_PARTIAL_RELIABLE_TIMED = 0x02;
  int UNORDERED_BIT = 0x80;

  /** DATA_CHANNEL_OPEN; label and protocol are UTF-8 on the wire. */
  record Open(int channelType, int priority, long reliability, String label, String protocol)
      implements DcepMessage {
    public Open {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(protocol, "protocol");
    }

    public boolean unordered() {
      return (channelType & UNORDERED_BIT) != 0;
    }

    /** 0x00, 0x01 or 0x02 without the unordered bit. */
    public int reliabilityType() {
      return channelType & 0x7F;
    }

    public byte[] encode() {
      byte[] l = label.getBytes(StandardCharsets.UTF_8);
      byte[] p = protocol.getBytes(StandardCharsets.UTF_8);
      if (l.length > 0xFFFF || p.length > 0xFFFF) {
        throw new IllegalArgumentException("label or protocol longer than 65535 bytes");
      }
      byte[] out = new byte[12 + l.length + p.length];
      out[0] = TYPE_OPEN;
      out[1] = (byte) channelType;
      out[2] = (byte) (priority >>> 8);
      out[3] = (byte) priority;
      out[4] = (byte) (reliability >>> 24);
      out[5] = (byte) (reliability >>> 16);
      out[6] = (byte) (reliability >>> 8);
      out[7] = (byte) reliability;
      out[8] = (byte) (l.length >>> 8);
      out[9] = (byte) l.length;
      out[10] = (byte) (p.length >>> 8);
      out[11] = (byte) p.length;
      System.arraycopy(l, 0, out, 12, l.length);
      System.arraycopy(p, 0, out, 12 + l.length, p.length);
      return out;
    }
  }

  /** DATA_CHANNEL_ACK. */
  record Ack() implements DcepMessage {
    public byte[] encode() {
      return new byte[] {TYPE_ACK};
    }
  }

  /**
   * Parses {@code buf[off, off+len)}; returns null for an unknown type, a bad channel type, or
   * lengths that do not match (§5.1: label and protocol lengths must fit the message exactly).
   */
  static DcepMessage parse(byte[] buf, int off, int len) {
    if (buf == null || off < 0 || len < 1 || off + len > buf.length) {
      return null;
    }
    int type = buf[off] & 0xFF;
    if (type == TYPE_ACK) {
      return len == 1 ? new Ack() : null;
    }
    if (type != TYPE_OPEN || len < 12) {
      return null;
    }
    int channelType = buf[off + 1] & 0xFF;
    if ((channelType & 0x7F) > CHANNEL_PARTIAL_RELIABLE_TIMED) {
      return null;
    }
    int priority = (buf[off + 2] & 0xFF) << 8 | (buf[off + 3] & 0xFF);
    long reliability =
        (buf[off + 4] & 0xFFL) << 24
            | (buf[off + 5] & 0xFF) << 16
            | (buf[off + 6] & 0xFF) << 8
            | (buf[off + 7] & 0xFF);
    int labelLen = (buf[off + 8] & 0xFF) << 8 | (buf[off + 9] & 0xFF);
    int protocolLen = (buf[off + 10] & 0xFF) << 8 | (buf[off + 11] & 0xFF);
    if (12 + labelLen + protocolLen != len) {
      return null;
    }
    String label = new String(buf, off + 12, labelLen, StandardCharsets.UTF_8);
    String protocol = new String(buf, off + 12 + labelLen, protocolLen, StandardCharsets.UTF_8);
    return new Open(channelType, priority, reliability, label, protocol);
  }
}
