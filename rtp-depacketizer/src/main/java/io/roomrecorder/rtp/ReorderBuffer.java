package io.roomrecorder.rtp;

import io.roomrecorder.rtp.rtcp.ReceptionReport;

/**
 * Per-SSRC jitter/reorder buffer: RTP packets in, in any order; the same packets out in sequence
 * order with widened 64-bit sequence numbers and timestamps, plus events for losses and sender
 * restarts. Sans-IO: the caller passes arrival and current times in milliseconds.
 *
 * <h2>Use</h2>
 *
 * <pre>{@code
 * buffer.push(bytes, off, len, nowMs);          // copy in (the caller keeps its array)
 * for (ReorderBuffer.Event e; (e = buffer.poll(nowMs)) != ReorderBuffer.Event.NONE; ) {
 *   switch (e) {
 *     case PACKET -> depacketizer.handle(buffer.packet());
 *     case LOST -> ...buffer.lostFirst(), buffer.lostCount()...
 *     case RESTART -> ...re-anchor the media clock...
 *   }
 * }
 * int n = buffer.collectNacks(nowMs, rttMs, seqs);  // then RtcpWriter.nack(...)
 * }</pre>
 *
 * Drain with {@link #poll} after every push and also on a timer (hold times expire with time, not
 * with packets). A packet is emitted when every earlier sequence number has been emitted or given
 * up. A gap at the head is given up and reported {@link Event#LOST} when any bound is hit: it has
 * waited {@code holdTimeMs}; more than {@code maxPackets} sequence numbers are pending; the newest
 * packet is more than {@code maxMediaTimeMs} of media time past the last emitted one; or the stream
 * ended ({@link #endOfStream}).
 *
 * <h2>Sequence numbers (RFC 3550 A.1)</h2>
 *
 * Numbers are widened against the highest received. A forward jump of at least {@code maxDropout}
 * or a backward one of more than {@code maxMisorder} before the emission point is held (one packet)
 * as a restart candidate; if the next such packet is its successor the sender restarted: the
 * packets before are emitted (gaps reported lost), then {@link Event#RESTART}, then the new
 * sequence continues the 64-bit numbering without a gap, so a restart is not counted as loss. A
 * duplicate, or a packet older than the last emitted one, is dropped and counted. Until the first
 * packet is emitted, a packet up to {@code maxMisorder} before the first one received is still
 * taken (the first to arrive need not be the first sent): the first packet waits for its successor
 * or for {@code startupDelayMs}.
 *
 * <h2>RTX (RFC 4588)</h2>
 *
 * A packet whose payload type is mapped as RTX (on any SSRC: the caller routes the RTX stream here)
 * is unwrapped while it is copied in: the original sequence number (OSN) replaces the sequence
 * number, the media payload type and this buffer's SSRC replace the RTX ones, padding is removed.
 *
 * <p><b>Thread-safety:</b> none; one buffer belongs to one stream's thread. <b>Ownership:</b>
 * {@link #push} copies the packet into a buffer it owns (one of {@code maxPackets + 2} arrays of
 * {@code maxPacketSize} bytes, allocated on first use), so the caller may reuse its array at once;
 * the view returned by {@link #packet()} is valid until the next {@code push} or {@code poll}. No
 * allocation per packet.
 */
public final class ReorderBuffer {
  /** What {@link #poll} produced. */
  public enum Event {
    /** {@link #packet()} is the next packet in sequence. */
    PACKET,
    /** Sequence numbers {@link #lostFirst()} .. + {@link #lostCount()} - 1 were given up. */
    LOST,
    /**
     * The sender restarted its sequence (RFC 3550 A.1); the next packet starts the new run. Its
     * timestamps need not continue the old ones: re-anchor the media clock.
     */
    RESTART,
    /** Nothing to emit now. */
    NONE
  }

  /** Disposition of one pushed packet. */
  public enum PushResult {
    ACCEPTED,
    /** An RTX packet that filled a gap. */
    RECOVERED,
    /** Accepted, and it confirmed a sender restart. */
    RESTARTED,
    DUPLICATE,
    TOO_OLD,
    MALFORMED,
    WRONG_SSRC,
    OVERSIZED,
    /** No free storage, or too far ahead of the emission point: the caller did not drain. */
    BUFFER_FULL,
    /** An RTX packet without an OSN (padding-only bandwidth probe). */
    RTX_PADDING,
    /** Dropped while a new source is on probation (RFC 3550 A.1 MIN_SEQUENTIAL). */
    PROBATION,
    /** Held as a possible sender restart; dropped later if not confirmed. */
    HELD
  }

  private final ReorderConfig config;
  private final int ringMask;
  private final int[] ring; // pool index + 1, 0 = missing
  private final byte[] nackCount;
  private final long[] nackDue;
  private final byte[][] pool;
  private final int[] poolLength;
  private final long[] poolTimestamp;
  private final int[] freeStack;
  private int freeTop;
  private final RtpPacket in = new RtpPacket();
  private final RtpPacket out = new RtpPacket();
  private final long maxMediaTicks;

  private boolean started;
  private long ssrc;
  private int probationLeft;
  private int probationSeq;
  private long rawHighest; // widened in the sender's own numbering
  private long epochOffset; // seq64 = raw + epochOffset (changes at a restart)
  private long highest;
  private long next;
  private long lastPushTimestamp;
  private long newestTimestamp;
  private long lastEmittedTimestamp;
  private boolean anyEmitted;
  private long lastArrivalMs;
  private long firstArrivalMs;
  private boolean ended;
  private long headGapSeq = Long.MIN_VALUE;
  private long headGapSinceMs;
  private long flushUntil = Long.MIN_VALUE;
  private long restartAt = Long.MIN_VALUE;
  private int held = -1; // pool index of the restart candidate
  private int heldSeq;
  private long heldTimestamp32;
  private int badSeq = -1;
  private long lostFirst;
  private int lostCount;

  // RFC 3550 A.3 / A.8 reception statistics
  private long baseSeq;
  private long uniqueReceived;
  private long expectedPrior;
  private long receivedPrior;
  private long jitterQ4;
  private long lastTransit;
  private boolean haveTransit;

  private long received;
  private long accepted;
  private long emitted;
  private long duplicates;
  private long tooOld;
  private long malformed;
  private long wrongSsrc;
  private long oversized;
  private long bufferFull;
  private long rtxReceived;
  private long rtxRecovered;
  private long rtxPadding;
  private long probationDropped;
  private long badJump;
  private long lost;
  private long restarts;
  private long nacksRequested;

  public ReorderBuffer(ReorderConfig config) {
    this.config = config;
    int span = config.maxPackets + config.maxDropout + config.maxMisorder + 2;
    int size = Integer.highestOneBit(span) << 1;
    this.ringMask = size - 1;
    this.ring = new int[size];
    this.nackCount = new byte[size];
    this.nackDue = new long[size];
    int slots = config.maxPackets + 2;
    this.pool = new byte[slots][];
    this.poolLength = new int[slots];
    this.poolTimestamp = new long[slots];
    this.freeStack = new int[slots];
    for (int i = 0; i < slots; i++) {
      freeStack[i] = slots - 1 - i;
    }
    this.freeTop = slots;
    this.maxMediaTicks = config.maxMediaTimeMs * config.clockRate / 1000;
  }

  public ReorderConfig config() {
    return config;
  }

  /** Parses and pushes {@code buf[off, off+len)}; see {@link #push(RtpPacket, long)}. */
  public PushResult push(byte[] buf, int off, int len, long arrivalMs) {
    if (in.parse(buf, off, len) != RtpParseStatus.OK) {
      received++;
      malformed++;
      return PushResult.MALFORMED;
    }
    return push(in, arrivalMs);
  }

  /**
   * Copies an already parsed packet in. The packet's bytes are not retained.
   *
   * @param arrivalMs arrival time on the caller's monotonic millisecond clock
   */
  public PushResult push(RtpPacket p, long arrivalMs) {
    received++;
    if (!p.isValid()) {
      malformed++;
      return PushResult.MALFORMED;
    }
    lastArrivalMs = arrivalMs;
    int mediaPt = config.mediaPayloadTypeForRtx(p.payloadType());
    if (mediaPt >= 0) {
      return pushRtx(p, mediaPt);
    }
    if (p.length() > config.maxPacketSize) {
      oversized++;
      return PushResult.OVERSIZED;
    }
    int seq16 = p.sequenceNumber();
    if (!started) {
      if (config.minSequential > 1) {
        // RFC 3550 A.1 probation: MIN_SEQUENTIAL packets in sequence before the source is valid.
        if (probationLeft == 0 || seq16 != ((probationSeq + 1) & 0xFFFF)) {
          probationLeft = config.minSequential - 1;
        } else {
          probationLeft--;
        }
        probationSeq = seq16;
        if (probationLeft > 0) {
          probationDropped++;
          return PushResult.PROBATION;
        }
      }
      start(p);
    } else if (p.ssrc() != ssrc) {
      wrongSsrc++;
      return PushResult.WRONG_SSRC;
    }
    long raw = RtpPacket.nearestSequence(rawHighest, seq16);
    long delta = raw - rawHighest;
    long seq64 = raw + epochOffset;
    if (delta > 0 && delta < config.maxDropout) {
      return store(p, seq64, raw, arrivalMs, PushResult.ACCEPTED);
    }
    if (delta <= 0 && seq64 >= next) {
      return store(p, seq64, raw, arrivalMs, PushResult.ACCEPTED);
    }
    if (delta <= 0 && !anyEmitted && next - seq64 <= config.maxMisorder) {
      // Still starting: the first packet to arrive need not be the first sent.
      for (long s = seq64 + 1; s < next; s++) {
        int q = (int) (s & ringMask);
        nackCount[q] = 0;
        nackDue[q] = arrivalMs + config.nackDelayMs;
      }
      next = seq64;
      baseSeq = seq64;
      return store(p, seq64, raw, arrivalMs, PushResult.ACCEPTED);
    }
    if (delta <= 0 && -delta <= config.maxMisorder) {
      tooOld++;
      return PushResult.TOO_OLD;
    }
    // A very large jump (RFC 3550 A.1): a restart if the next such packet is its successor.
    if (held >= 0 && seq16 == badSeq) {
      return restart(p, arrivalMs);
    }
    if (held >= 0) {
      badJump++; // the previous candidate was not confirmed
    } else {
      held = takeSlot();
      if (held < 0) {
        bufferFull++;
        return PushResult.BUFFER_FULL;
      }
    }
    copy(p, held, -1, 0, p.payloadOffset(), p.payloadLength());
    heldSeq = seq16;
    heldTimestamp32 = p.timestamp();
    badSeq = (seq16 + 1) & 0xFFFF;
    return PushResult.HELD;
  }

  private void start(RtpPacket p) {
    started = true;
    ssrc = p.ssrc();
    rawHighest = p.sequenceNumber();
    epochOffset = 0;
    highest = rawHighest - 1;
    next = rawHighest;
    baseSeq = rawHighest;
    lastPushTimestamp = p.timestamp();
    newestTimestamp = lastPushTimestamp;
    rawHighest -= 1; // so the first packet is a forward step of 1
    firstArrivalMs = lastArrivalMs;
  }

  private PushResult restart(RtpPacket p, long arrivalMs) {
    long oldHighest = highest;
    flushUntil = oldHighest;
    restartAt = oldHighest + 1;
    restarts++;
    // The held packet becomes oldHighest + 1 in 64-bit numbering: no gap, no loss.
    epochOffset = oldHighest + 1 - heldSeq;
    rawHighest = heldSeq;
    highest = oldHighest + 1;
    long ts = RtpPacket.nearestTimestamp(lastPushTimestamp, heldTimestamp32);
    lastPushTimestamp = ts;
    newestTimestamp = ts;
    int pos = (int) (highest & ringMask);
    ring[pos] = held + 1;
    poolTimestamp[held] = ts;
    held = -1;
    badSeq = -1;
    accepted++;
    uniqueReceived++;
    haveTransit = false;
    long raw = RtpPacket.nearestSequence(rawHighest, p.sequenceNumber());
    store(p, raw + epochOffset, raw, arrivalMs, PushResult.ACCEPTED);
    return PushResult.RESTARTED;
  }

  private PushResult pushRtx(RtpPacket p, int mediaPt) {
    rtxReceived++;
    if (p.payloadLength() < 2) {
      rtxPadding++;
      return PushResult.RTX_PADDING;
    }
    int osn = RtpPacket.u16(p.buffer(), p.payloadOffset());
    if (!started) {
      tooOld++;
      return PushResult.TOO_OLD;
    }
    if (p.headerLength() + p.payloadLength() - 2 > config.maxPacketSize) {
      oversized++;
      return PushResult.OVERSIZED;
    }
    long raw = RtpPacket.nearestSequence(rawHighest, osn);
    long seq64 = raw + epochOffset;
    long delta = raw - rawHighest;
    if (seq64 < next) {
      tooOld++;
      return PushResult.TOO_OLD;
    }
    if (delta >= config.maxDropout) {
      tooOld++; // an OSN far beyond anything received: not a retransmission we can place
      return PushResult.TOO_OLD;
    }
    int pos = (int) (seq64 & ringMask);
    if (seq64 <= highest && ring[pos] != 0) {
      duplicates++;
      return PushResult.DUPLICATE;
    }
    int slot = seq64 - next > ringMask ? -1 : takeSlot();
    if (slot < 0) {
      bufferFull++;
      return PushResult.BUFFER_FULL;
    }
    copy(p, slot, mediaPt, osn, p.payloadOffset() + 2, p.payloadLength() - 2);
    rtxRecovered++;
    place(slot, seq64, raw, p.timestamp(), lastArrivalMs, false);
    return PushResult.RECOVERED;
  }

  private PushResult store(RtpPacket p, long seq64, long raw, long arrivalMs, PushResult ok) {
    int pos = (int) (seq64 & ringMask);
    if (seq64 <= highest && ring[pos] != 0) {
      duplicates++;
      return PushResult.DUPLICATE;
    }
    int slot = seq64 - next > ringMask ? -1 : takeSlot(); // beyond the ring: not drained
    if (slot < 0) {
      bufferFull++;
      return PushResult.BUFFER_FULL;
    }
    copy(p, slot, -1, 0, p.payloadOffset(), p.payloadLength());
    place(slot, seq64, raw, p.timestamp(), arrivalMs, true);
    return ok;
  }

  /** Puts a filled slot at seq64, advancing the highest number and opening NACK entries. */
  private void place(int slot, long seq64, long raw, long ts32, long arrivalMs, boolean media) {
    long ts = RtpPacket.nearestTimestamp(lastPushTimestamp, ts32);
    lastPushTimestamp = ts;
    if (ts > newestTimestamp) {
      newestTimestamp = ts;
    }
    if (seq64 > highest) {
      for (long s = highest + 1; s < seq64; s++) {
        int q = (int) (s & ringMask);
        nackCount[q] = 0;
        nackDue[q] = arrivalMs + config.nackDelayMs;
      }
      highest = seq64;
      rawHighest = raw;
    }
    ring[(int) (seq64 & ringMask)] = slot + 1;
    poolTimestamp[slot] = ts;
    accepted++;
    uniqueReceived++;
    if (media) {
      // RFC 3550 A.8 interarrival jitter, integer form, in timestamp units.
      long arrivalTicks = arrivalMs * config.clockRate / 1000;
      long transit = arrivalTicks - ts;
      if (haveTransit) {
        long d = Math.abs(transit - lastTransit);
        jitterQ4 += d - ((jitterQ4 + 8) >> 4);
      }
      lastTransit = transit;
      haveTransit = true;
    }
  }

  /**
   * Copies header and the given payload range into a slot; for RTX rewrites PT, sequence number and
   * SSRC (RFC 4588 §4) and drops padding.
   */
  private void copy(RtpPacket p, int slot, int mediaPt, int osn, int payloadOff, int payloadLen) {
    int headerLen = p.headerLength();
    int n = headerLen + payloadLen;
    byte[] dst = pool[slot];
    if (dst == null) {
      dst = new byte[config.maxPacketSize];
      pool[slot] = dst;
    }
    byte[] src = p.buffer();
    System.arraycopy(src, p.offset(), dst, 0, headerLen);
    System.arraycopy(src, payloadOff, dst, headerLen, payloadLen);
    dst[0] &= (byte) ~0x20; // padding removed
    if (mediaPt >= 0) {
      dst[1] = (byte) ((dst[1] & 0x80) | mediaPt);
      dst[2] = (byte) (osn >>> 8);
      dst[3] = (byte) osn;
      dst[8] = (byte) (ssrc >>> 24);
      dst[9] = (byte) (ssrc >>> 16);
      dst[10] = (byte) (ssrc >>> 8);
      dst[11] = (byte) ssrc;
    }
    poolLength[slot] = n;
  }

  private int takeSlot() {
    return freeTop == 0 ? -1 : freeStack[--freeTop];
  }

  private void freeSlot(int slot) {
    freeStack[freeTop++] = slot;
  }

  /**
   * Emits the next event. Call until it returns {@link Event#NONE} after each push and on a timer.
   *
   * @param nowMs current time on the same clock as the arrival times
   */
  public Event poll(long nowMs) {
    if (!started) {
      return Event.NONE;
    }
    if (next == restartAt) {
      restartAt = Long.MIN_VALUE;
      return Event.RESTART;
    }
    if (next > highest) {
      return Event.NONE;
    }
    int pos = (int) (next & ringMask);
    int slot = ring[pos] - 1;
    if (slot >= 0) {
      if (!anyEmitted
          && !ended
          && ring[(int) ((next + 1) & ringMask)] == 0
          && nowMs - firstArrivalMs < config.startupDelayMs
          && next > flushUntil
          && highest - next < config.maxPackets
          && newestTimestamp - poolTimestamp[slot] <= maxMediaTicks) {
        return Event.NONE; // an earlier packet may still come: see startupDelayMs
      }
      ring[pos] = 0;
      freeSlot(slot); // reused only by the next push: the view stays valid until then
      out.parse(pool[slot], 0, poolLength[slot]);
      long ts = poolTimestamp[slot];
      out.setExtended(next, ts);
      lastEmittedTimestamp = ts;
      anyEmitted = true;
      next++;
      emitted++;
      return Event.PACKET;
    }
    if (headGapSeq != next) {
      headGapSeq = next;
      headGapSinceMs = lastArrivalMs;
    }
    boolean giveUp =
        next <= flushUntil
            || highest - next >= config.maxPackets
            || nowMs - headGapSinceMs >= config.holdTimeMs
            || (anyEmitted && newestTimestamp - lastEmittedTimestamp > maxMediaTicks);
    if (!giveUp) {
      return Event.NONE;
    }
    long s = next;
    while (s <= highest && ring[(int) (s & ringMask)] == 0) {
      s++;
    }
    lostFirst = next;
    lostCount = (int) (s - next);
    lost += lostCount;
    next = s;
    return Event.LOST;
  }

  /** The packet of the last {@link Event#PACKET}, with widened numbers; valid until next call. */
  public RtpPacket packet() {
    return out;
  }

  /** First sequence number (64-bit) of the last {@link Event#LOST}. */
  public long lostFirst() {
    return lostFirst;
  }

  /** Number of sequence numbers in the last {@link Event#LOST}. */
  public int lostCount() {
    return lostCount;
  }

  /** The stream ended: subsequent polls give up every gap at once and emit what is buffered. */
  public void endOfStream() {
    flushUntil = highest;
    ended = true;
  }

  /** True if any sequence number between the emission point and the highest is missing. */
  public boolean hasGaps() {
    return started && next <= highest && uniqueCountPending() < highest - next + 1;
  }

  private long uniqueCountPending() {
    return accepted - emitted;
  }

  /**
   * Collects sequence numbers to request with a generic NACK (RFC 4585 §6.2.1): missing numbers
   * between the emission point and the highest received that have waited the NACK delay and have
   * not been requested within {@code resendIntervalMs} (use about one RTT) nor more than the
   * configured number of times.
   *
   * @param out receives 16-bit wire sequence numbers in ascending order
   * @return how many were written
   */
  public int collectNacks(long nowMs, long resendIntervalMs, int[] out) {
    if (!started || next > highest) {
      return 0;
    }
    int n = 0;
    // numbers before a restart are being given up, and would map to the wrong wire numbers
    long from = Math.max(next, flushUntil + 1);
    for (long s = from; s < highest && n < out.length; s++) {
      int pos = (int) (s & ringMask);
      if (ring[pos] == 0 && nackCount[pos] < config.maxNackRetries && nowMs >= nackDue[pos]) {
        nackCount[pos]++;
        nackDue[pos] = nowMs + resendIntervalMs;
        out[n++] = (int) ((s - epochOffset) & 0xFFFF);
      }
    }
    nacksRequested += n;
    return n;
  }

  /**
   * Fills an RR report block for this source (RFC 3550 §6.4.1, A.3, A.8).
   *
   * @param lastSrNtpMiddle middle 32 bits of the NTP timestamp of the last SR received from this
   *     source, or 0 if none
   * @param lastSrArrivalMs when that SR arrived
   */
  public void fillReport(
      ReceptionReport r, long lastSrNtpMiddle, long lastSrArrivalMs, long nowMs) {
    r.sourceSsrc = ssrc;
    long expected = started ? highest - baseSeq + 1 : 0;
    long lostTotal = expected - uniqueReceived;
    r.cumulativeLost = (int) Math.max(-0x800000, Math.min(0x7FFFFF, lostTotal));
    long expectedInterval = expected - expectedPrior;
    long receivedInterval = uniqueReceived - receivedPrior;
    expectedPrior = expected;
    receivedPrior = uniqueReceived;
    long lostInterval = expectedInterval - receivedInterval;
    r.fractionLost =
        expectedInterval <= 0 || lostInterval <= 0
            ? 0
            : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    r.extendedHighestSequence = started ? rawHighest & 0xFFFFFFFFL : 0;
    r.jitter = jitterQ4 >> 4;
    r.lastSenderReport = lastSrNtpMiddle & 0xFFFFFFFFL;
    r.delaySinceLastSenderReport =
        lastSrNtpMiddle == 0 ? 0 : Math.max(0, (nowMs - lastSrArrivalMs) * 65536 / 1000);
  }

  /** SSRC this buffer locked on to with its first packet (unsigned), or -1 before that. */
  public long ssrc() {
    return started ? ssrc : -1;
  }

  /** Counter snapshot; see {@link ReorderStats} for the accounting identities. */
  public ReorderStats stats() {
    return new ReorderStats(
        received,
        accepted,
        emitted,
        accepted - emitted,
        duplicates,
        tooOld,
        malformed,
        wrongSsrc,
        oversized,
        bufferFull,
        rtxReceived,
        rtxRecovered,
        rtxPadding,
        probationDropped,
        badJump,
        held >= 0 ? 1 : 0,
        lost,
        restarts,
        nacksRequested);
  }
}
