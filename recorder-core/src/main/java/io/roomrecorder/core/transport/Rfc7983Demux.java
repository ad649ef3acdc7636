package io.roomrecorder.core.transport;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the datagrams of one peer's port into DTLS, RTP and RTCP ({@link PacketClass}, RFC 7983)
 * and hands each to its sink. STUN is dropped here (ice4j answers it before it reaches us), so are
 * ZRTP, TURN ChannelData and unknown first bytes; datagrams too short to hold the fixed header of
 * their class (DTLS record 13 bytes, RFC 6347 §4.1; RTP 12, RFC 3550 §5.1; RTCP 8, RFC 3550 §6.4)
 * are dropped as malformed. Everything is counted in {@link #stats()}.
 *
 * <p>Thread-safe; {@link #handle} does not allocate. Sinks borrow the buffer (see {@link
 * DatagramSink}); an exception thrown by a sink is caught, counted and logged once.
 */
public final class Rfc7983Demux implements DatagramSink {

  private static final Logger LOG = LoggerFactory.getLogger(Rfc7983Demux.class);

  /** Counters of one demux, a snapshot. All values are datagram counts. */
  public record Stats(Map<PacketClass, Long> received, long malformed, long sinkErrors) {
    public Stats {
      received = Map.copyOf(received);
    }

    /** Datagrams of {@code c} seen (delivered or dropped). */
    public long received(PacketClass c) {
      return received.getOrDefault(c, 0L);
    }
  }

  private final DatagramSink dtls;
  private final DatagramSink rtp;
  private final DatagramSink rtcp;
  private final LongAdder[] counters = new LongAdder[PacketClass.values().length];
  private final LongAdder malformed = new LongAdder();
  private final LongAdder sinkErrors = new LongAdder();
  private final AtomicBoolean loggedSinkError = new AtomicBoolean();

  /**
   * @param dtls receives DTLS records (first byte 20–63)
   * @param rtp receives RTP (SRTP until decrypted)
   * @param rtcp receives RTCP (SRTCP until decrypted)
   */
  public Rfc7983Demux(DatagramSink dtls, DatagramSink rtp, DatagramSink rtcp) {
    this.dtls = Objects.requireNonNull(dtls, "dtls");
    this.rtp = Objects.requireNonNull(rtp, "rtp");
    this.rtcp = Objects.requireNonNull(rtcp, "rtcp");
    for (int i = 0; i < counters.length; i++) {
      counters[i] = new LongAdder();
    }
  }

  @Override
  public void handle(byte[] buffer, int offset, int length) {
    if (buffer == null || offset < 0 || length < 0 || offset > buffer.length - length) {
      malformed.increment();
      return;
    }
    PacketClass c = PacketClass.of(buffer, offset, length);
    counters[c.ordinal()].increment();
    DatagramSink sink;
    int minimum;
    switch (c) {
      case DTLS -> {
        sink = dtls;
        minimum = 13;
      }
      case RTP -> {
        sink = rtp;
        minimum = 12;
      }
      case RTCP -> {
        sink = rtcp;
        minimum = 8;
      }
      case STUN, ZRTP, TURN_CHANNEL, UNKNOWN -> {
        return;
      }
      default -> throw new AssertionError(c);
    }
    if (length < minimum) {
      malformed.increment();
      return;
    }
    try {
      sink.handle(buffer, offset, length);
    } catch (RuntimeException e) {
      sinkErrors.increment();
      if (loggedSinkError.compareAndSet(false, true)) {
        LOG.warn("{} sink threw; dropping (logged once, counted in stats)", c, e);
      }
    }
  }

  /** A snapshot of the counters. */
  public Stats stats() {
    Map<PacketClass, Long> m = new EnumMap<>(PacketClass.class);
    for (PacketClass c : PacketClass.values()) {
      m.put(c, counters[c.ordinal()].sum());
    }
    return new Stats(m, malformed.sum(), sinkErrors.sum());
  }
}
