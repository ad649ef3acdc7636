package io.roomrecorder.datachannel;

import java.util.Objects;
import java.util.Random;

/**
 * Immutable, validated configuration of an {@link SctpAssociation}. Build with {@link
 * #builder(boolean, Random)}.
 *
 * <p>Defaults follow RFC 9260 §16 (RTO.Initial 1 s, RTO.Min 1 s, RTO.Max 60 s,
 * Association.Max.Retrans 10, Max.Init.Retransmits 8, HB.interval 30 s, Valid.Cookie.Life 60 s,
 * delayed SACK 200 ms), RFC 8841 (a=sctp-port 5000, a=max-message-size) and WebRTC practice (MTU
 * 1200, so that SCTP + DTLS + UDP + IP stays under a 1280-byte IPv6 path).
 *
 * @param dtlsClient whether we are the DTLS client; picks even (client) or odd (server) stream IDs
 *     for channels we open (RFC 8832 §6)
 * @param random source of verification tags, initial TSNs, the cookie key and heartbeat nonces:
 *     {@link java.security.SecureRandom} in production, a seeded {@link Random} in tests
 * @param mtu largest SCTP packet handed to DTLS
 * @param maxMessageSize largest message we accept (our a=max-message-size)
 * @param remoteMaxMessageSize largest message the peer accepts (its a=max-message-size; RFC 8841
 *     §6.1: 0 means no limit, absent means 65536)
 * @param receiveBufferSize bytes of received data we hold, advertised as a_rwnd
 * @param sendBufferSize bytes of unsent data we queue before send() returns false
 */
public record SctpConfig(
    boolean dtlsClient,
    Random random,
    int localPort,
    int remotePort,
    int mtu,
    int maxMessageSize,
    long remoteMaxMessageSize,
    int receiveBufferSize,
    long sendBufferSize,
    int outboundStreams,
    int inboundStreams,
    long rtoInitialMs,
    long rtoMinMs,
    long rtoMaxMs,
    int maxInitRetransmits,
    int maxAssociationRetransmits,
    long heartbeatIntervalMs,
    long delayedAckMs,
    int cookieLifetimeMs) {

  public static final int DEFAULT_PORT = 5000;
  public static final int DEFAULT_MTU = 1200;
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 262144;

  public SctpConfig {
    Objects.requireNonNull(random, "random");
    checkPort(localPort);
    checkPort(remotePort);
    if (mtu < 256 || mtu > 65535) {
      throw new IllegalArgumentException("mtu must be 256..65535: " + mtu);
    }
    if (maxMessageSize < 1) {
      throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
    }
    if (remoteMaxMessageSize < 0) {
      throw new IllegalArgumentException("remoteMaxMessageSize must be >= 0");
    }
    if (receiveBufferSize < maxMessageSize + 4 * mtu) {
      throw new IllegalArgumentException(
          "receiveBufferSize must hold a maximum-size message plus 4 MTU: " + receiveBufferSize);
    }
    if (sendBufferSize < 1) {
      throw new IllegalArgumentException("sendBufferSize must be positive");
    }
    if (outboundStreams < 1
        || outboundStreams > 65535
        || inboundStreams < 1
        || inboundStreams > 65535) {
      throw new IllegalArgumentException("stream counts must be 1..65535");
    }
    if (rtoMinMs < 1 || rtoMinMs > rtoMaxMs || rtoInitialMs < rtoMinMs || rtoInitialMs > rtoMaxMs) {
      throw new IllegalArgumentException("need 1 <= RTO.Min <= RTO.Initial <= RTO.Max");
    }
    if (maxInitRetransmits < 0 || maxAssociationRetransmits < 0) {
      throw new IllegalArgumentException("retransmission limits must be >= 0");
    }
    if (delayedAckMs < 0 || delayedAckMs > 500) {
      throw new IllegalArgumentException("delayed SACK must be 0..500 ms (RFC 9260 §6.2)");
    }
    if (cookieLifetimeMs < 1) {
      throw new IllegalArgumentException("cookie lifetime must be positive");
    }
  }

  private static void checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
  }

  public static Builder builder(boolean dtlsClient, Random random) {
    return new Builder(dtlsClient, random);
  }

  /** Builder with the defaults listed on {@link SctpConfig}. Not thread-safe. */
  public static final class Builder {
    private final boolean dtlsClient;
    private final Random random;
    private int localPort = DEFAULT_PORT;
    private int remotePort = DEFAULT_PORT;
    private int mtu = DEFAULT_MTU;
    private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private long remoteMaxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private int receiveBufferSize = 1024 * 1024;
    private long sendBufferSize = 16L * 1024 * 1024;
    private int outboundStreams = 65535;
    private int inboundStreams = 65535;
    private long rtoInitialMs = 1000;
    private long rtoMinMs = 1000;
    private long rtoMaxMs = 60000;
    private int maxInitRetransmits = 8;
    private int maxAssociationRetransmits = 10;
    private long heartbeatIntervalMs = 30000;
    private long delayedAckMs = 200;
    private int cookieLifetimeMs = 60000;

    private Builder(boolean dtlsClient, Random random) {
      this.dtlsClient = dtlsClient;
      this.random = random;
    }

    /** Both ports (a=sctp-port of each side, RFC 8841 §5). */
    public Builder ports(int local, int remote) {
      this.localPort = local;
      this.remotePort = remote;
      return this;
    }

    public Builder mtu(int v) {
      this.mtu = v;
      return this;
    }

    public Builder maxMessageSize(int v) {
      this.maxMessageSize = v;
      return this;
    }

    public Builder remoteMaxMessageSize(long v) {
      this.remoteMaxMessageSize = v;
      return this;
    }

    public Builder receiveBufferSize(int v) {
      this.receiveBufferSize = v;
      return this;
    }

    public Builder sendBufferSize(long v) {
      this.sendBufferSize = v;
      return this;
    }

    public Builder streams(int outbound, int inbound) {
      this.outboundStreams = outbound;
      this.inboundStreams = inbound;
      return this;
    }

    public Builder rto(long initialMs, long minMs, long maxMs) {
      this.rtoInitialMs = initialMs;
      this.rtoMinMs = minMs;
      this.rtoMaxMs = maxMs;
      return this;
    }

    public Builder maxInitRetransmits(int v) {
      this.maxInitRetransmits = v;
      return this;
    }

    public Builder maxAssociationRetransmits(int v) {
      this.maxAssociationRetransmits = v;
      return this;
    }

    /** 0 turns heartbeats off. */
    public Builder heartbeatIntervalMs(long v) {
      this.heartbeatIntervalMs = v;
      return this;
    }

    public Builder delayedAckMs(long v) {
      this.delayedAckMs = v;
      return this;
    }

    public Builder cookieLifetimeMs(int v) {
      this.cookieLifetimeMs = v;
      return this;
    }

    public SctpConfig build() {
      return new SctpConfig(
          dtlsClient,
          random,
          localPort,
          remotePort,
          mtu,
          maxMessageSize,
          remoteMaxMessageSize,
          receiveBufferSize,
          sendBufferSize,
          outboundStreams,
          inboundStreams,
          rtoInitialMs,
          rtoMinMs,
          rtoMaxMs,
          maxInitRetransmits,
          maxAssociationRetransmits,
          heartbeatIntervalMs,
          delayedAckMs,
          cookieLifetimeMs);
    }
  }
}
