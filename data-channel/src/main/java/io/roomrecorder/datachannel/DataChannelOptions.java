package io.roomrecorder.datachannel;

import java.util.Objects;

/**
 * How a data channel we open behaves (RFC 8831 §6.1, W3C RTCDataChannelInit): ordered or not, and
 * at most one of maxRetransmits / maxPacketLifeTime for partial reliability (RFC 3758); both
 * negative means reliable.
 *
 * @param ordered in-order delivery
 * @param maxRetransmits retransmissions per message before it is abandoned, or -1
 * @param maxPacketLifeTimeMs time during which a message may be (re)transmitted, or -1
 * @param protocol the sub-protocol name carried in DATA_CHANNEL_OPEN
 * @param priority the DCEP priority (RFC 8832 §5.1; 256 is "normal"); carried, not scheduled on
 * @param negotiatedId a stream ID agreed out of band (W3C negotiated:true, no DCEP), or -1
 */
public record DataChannelOptions(
    boolean ordered,
    int maxRetransmits,
    long maxPacketLifeTimeMs,
    String protocol,
    int priority,
    int negotiatedId) {

  /** Reliable, ordered, no sub-protocol, normal priority, in-band negotiation. */
  public static final DataChannelOptions DEFAULT =
      new DataChannelOptions(true, -1, -1, "", 256, -1);

  public DataChannelOptions {
    Objects.requireNonNull(protocol, "protocol");
    if (maxRetransmits >= 0 && maxPacketLifeTimeMs >= 0) {
      throw new IllegalArgumentException("set maxRetransmits or maxPacketLifeTime, not both");
    }
    if (maxRetransmits > 0xFFFF_FFFFL || maxPacketLifeTimeMs > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("reliability parameter must fit 32 bits");
    }
    if (priority < 0 || priority > 0xFFFF) {
      throw new IllegalArgumentException("priority must be 0..65535");
    }
    if (negotiatedId < -1 || negotiatedId > 65534) {
      throw new IllegalArgumentException("negotiatedId must be -1 or 0..65534");
    }
  }

  public DataChannelOptions withOrdered(boolean v) {
    return new DataChannelOptions(
        v, maxRetransmits, maxPacketLifeTimeMs, protocol, priority, negotiatedId);
  }

  public DataChannelOptions withMaxRetransmits(int v) {
    return new DataChannelOptions(ordered, v, -1, protocol, priority, negotiatedId);
  }

  public DataChannelOptions withMaxPacketLifeTimeMs(long v) {
    return new DataChannelOptions(ordered, -1, v, protocol, priority, negotiatedId);
  }

  public DataChannelOptions withProtocol(String v) {
    return new DataChannelOptions(
        ordered, maxRetransmits, maxPacketLifeTimeMs, v, priority, negotiatedId);
  }

  public DataChannelOptions withPriority(int v) {
    return new DataChannelOptions(
        ordered, maxRetransmits, maxPacketLifeTimeMs, protocol, v, negotiatedId);
  }

  public DataChannelOptions withNegotiatedId(int v) {
    return new DataChannelOptions(
        ordered, maxRetransmits, maxPacketLifeTimeMs, protocol, priority, v);
  }
}
