package io.roomrecorder.datachannel;

import io.roomrecorder.datachannel.sctp.ChunkType;
import io.roomrecorder.datachannel.sctp.PacketWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receiving half of an association: which TSNs arrived (RFC 9260 §6.2, for the SACK), the
 * receive window, and reassembly of fragmented messages (§6.9) with ordered delivery per stream by
 * SSN (§6.6) or immediate delivery for unordered messages. Also the receiver's side of FORWARD-TSN
 * (RFC 3758 §3.6) and of Outgoing SSN Reset Requests (RFC 6525 §5.2.2).
 *
 * <p>Memory is bounded: a DATA chunk beyond the highest TSN seen is dropped once the buffered bytes
 * (payload plus {@value #CHUNK_OVERHEAD} bytes per chunk, plus messages the application has not
 * taken yet) reach the buffer size; a chunk filling a gap is still accepted up to twice the buffer
 * so the association cannot deadlock on a hole; TSNs more than {@value #TSN_WINDOW} past the
 * cumulative TSN are dropped. A message larger than the maximum message size is discarded as its
 * fragments arrive (its TSNs are still acknowledged) and counted.
 *
 * <p>Not thread-safe; owned by its {@link SctpAssociation}. Payload bytes are copied out of the
 * caller's packet buffer.
 */
final class ReceiveQueue {
  static final int TSN_WINDOW = 65535;
  static final int CHUNK_OVERHEAD = 32;
  static final int FLAG_E = 1;
  static final int FLAG_B = 2;
  static final int FLAG_U = 4;
  static final int FLAG_I = 8;
  static final int MAX_REPORTED_DUPLICATES = 16;
  private static final int MAX_DISCARD_RUNS = 64;

  /** What happened to one DATA chunk. */
  enum Result {
    NEW,
    DUPLICATE,
    DROPPED_WINDOW,
    INVALID_STREAM
  }

  /** Outcome of an Outgoing SSN Reset Request (RFC 6525 §4.4 result codes). */
  static final int RESULT_PERFORMED = 1;

  static final int RESULT_IN_PROGRESS = 6;

  interface Sink {
    /** A whole message; {@code data} is handed over. */
    void message(int stream, int ppid, byte[] data);

    /** The peer's outgoing streams (our incoming) were reset: SSNs start again at 0. */
    void incomingStreamsReset(int[] streams);
  }

  private static final class Fragment {
    final long tsn;
    final long ssn;
    final int ppid;
    final int flags;
    final int stream;
    final int ssn16;
    final byte[] data;

    Fragment(long tsn, int stream, int ssn16, long ssn, int ppid, int flags, byte[] data) {
      this.tsn = tsn;
      this.stream = stream;
      this.ssn16 = ssn16;
      this.ssn = ssn;
      this.ppid = ppid;
      this.flags = flags;
      this.data = data;
    }

    boolean begin() {
      return (flags & FLAG_B) != 0;
    }

    boolean end() {
      return (flags & FLAG_E) != 0;
    }
  }

  private static final class InStream {
    long nextSsn;
    long discardSsn = -1;
    long resetAfterTsn = Long.MIN_VALUE;
    long lastTsn = Long.MIN_VALUE;
    TreeMap<Long, Fragment> queue;
    List<Fragment> parked;
  }

  private record PendingReset(long requestSeq, long lastTsn, int[] streams) {}

  private final Sink sink;
  private final int capacity;
  private final int maxMessageSize;
  private int inboundStreams;
  private final long[] received = new long[(TSN_WINDOW + 1) / 64];
  private final int[] dups = new int[MAX_REPORTED_DUPLICATES];
  private final int[] blocks = new int[2 * 300];
  private final Map<Integer, InStream> streams = new HashMap<>();
  private final TreeMap<Long, Fragment> unordered = new TreeMap<>();
  private final HashSet<Long> unorderedDiscardNext = new HashSet<>();
  private final List<PendingReset> pendingResets = new ArrayList<>();
  private long cum;
  private long highest;
  private int buffered;
  private int upperHeld;
  private int dupCount;
  private int blockCount;
  private int unorderedInserts;

  long duplicateTsns;
  long droppedWindow;
  long droppedOversize;
  long staleFragments;
  long droppedInvalidStream;

  ReceiveQueue(Sink sink, int capacity, int maxMessageSize, int inboundStreams) {
    this.sink = sink;
    this.capacity = capacity;
    this.maxMessageSize = maxMessageSize;
    this.inboundStreams = inboundStreams;
  }

  /** Starts TSN tracking at the peer's Initial TSN (RFC 9260 §5.1: cum TSN = initial TSN - 1). */
  void init(int peerInitialTsn) {
    cum = (peerInitialTsn & 0xFFFF_FFFFL) - 1;
    highest = cum;
  }

  /** RFC 6525 §5.2.5: the peer added outgoing streams. */
  void setInboundStreams(int n) {
    this.inboundStreams = n;
  }

  long cumulativeTsn() {
    return cum;
  }

  boolean hasGaps() {
    return highest > cum;
  }

  /** Bytes the application has not taken yet (queued message events); part of the window. */
  void setUpperHeld(int bytes) {
    this.upperHeld = bytes;
  }

  /** The a_rwnd to advertise (RFC 9260 §6.2): buffer size minus what we hold. */
  int advertisedWindow() {
    return Math.max(0, capacity - buffered - upperHeld);
  }

  int bufferedBytes() {
    return buffered;
  }

  /**
   * Handles one DATA chunk (RFC 9260 §6.2). The payload is {@code payload[off, off+len)} and is
   * copied.
   */
  Result onData(
      int tsn32, int stream, int ssn16, int ppid, int flags, byte[] payload, int off, int len) {
    long tsn = Serial.unwrap32(tsn32, cum);
    if (tsn > cum && tsn - cum > TSN_WINDOW) {
      droppedWindow++; // beyond what the bitmap can track (and far beyond any honest window)
      return Result.DROPPED_WINDOW;
    }
    if (tsn <= cum || isReceived(tsn)) {
      duplicateTsns++;
      if (dupCount < dups.length) {
        dups[dupCount++] = tsn32;
      }
      return Result.DUPLICATE;
    }
    int cost = len + CHUNK_OVERHEAD;
    int held = buffered + upperHeld;
    // §6.2: with no window left, drop new data beyond the highest TSN seen; keep filling holes.
    if (tsn > highest ? held + cost > capacity : held + cost > 2 * capacity) {
      droppedWindow++;
      return Result.DROPPED_WINDOW;
    }
    markReceived(tsn);
    if (tsn > highest) {
      highest = tsn;
    }
    advanceCum();
    if (stream >= inboundStreams) {
      // §6.5: acknowledge it, report Invalid Stream Identifier, discard the data.
      droppedInvalidStream++;
      return Result.INVALID_STREAM;
    }
    if ((flags & FLAG_U) != 0) {
      onUnordered(tsn, stream, ssn16, ppid, flags, payload, off, len);
    } else {
      onOrdered(tsn, stream, ssn16, ppid, flags, payload, off, len);
    }
    checkPendingResets();
    return Result.NEW;
  }

  private void onOrdered(
      long tsn, int stream, int ssn16, int ppid, int flags, byte[] payload, int off, int len) {
    InStream s = streams.computeIfAbsent(stream, k -> new InStream());
    if (s.resetAfterTsn != Long.MIN_VALUE && tsn > s.resetAfterTsn) {
      // RFC 6525 §5.2.2 deferred reset: data sent after the reset waits until the reset is done.
      if (s.parked == null) {
        s.parked = new ArrayList<>();
      }
      s.parked.add(new Fragment(tsn, stream, ssn16, 0, ppid, flags, copy(payload, off, len)));
      buffered += len + CHUNK_OVERHEAD;
      return;
    }
    long ssn = Serial.unwrap16(ssn16, s.nextSsn);
    if (ssn < s.nextSsn) {
      staleFragments++;
      return;
    }
    if (ssn == s.discardSsn) {
      if ((flags & FLAG_E) != 0) {
        s.discardSsn = -1;
        s.nextSsn++;
        deliverOrdered(s);
      }
      return;
    }
    boolean whole = (flags & (FLAG_B | FLAG_E)) == (FLAG_B | FLAG_E);
    if (whole && ssn == s.nextSsn && (s.queue == null || s.queue.isEmpty())) {
      s.nextSsn++;
      deliverWhole(stream, ppid, payload, off, len);
      return;
    }
    if (s.queue == null) {
      s.queue = new TreeMap<>();
    }
    s.queue.put(tsn, new Fragment(tsn, stream, ssn16, ssn, ppid, flags, copy(payload, off, len)));
    buffered += len + CHUNK_OVERHEAD;
    // A middle fragment appended in TSN order cannot complete a message: skip the scan, except
    // now and then so a message growing past the maximum size is noticed and freed.
    boolean appended = (flags & FLAG_E) == 0 && tsn == s.lastTsn + 1;
    s.lastTsn = Math.max(s.lastTsn, tsn);
    if (appended && (s.queue.size() & 63) != 0) {
      return;
    }
    deliverOrdered(s);
  }

  private void deliverWhole(int stream, int ppid, byte[] payload, int off, int len) {
    if (len > maxMessageSize) {
      droppedOversize++;
      return;
    }
    sink.message(stream, ppid, copy(payload, off, len));
  }

  /** Delivers complete messages at the head of a stream in SSN order (RFC 9260 §6.6). */
  private void deliverOrdered(InStream s) {
    while (s.queue != null && !s.queue.isEmpty()) {
      Fragment first = s.queue.firstEntry().getValue();
      if (first.ssn != s.nextSsn || !first.begin()) {
        return;
      }
      long expect = first.tsn;
      long total = 0;
      int count = 0;
      boolean complete = false;
      for (Fragment g : s.queue.values()) {
        if (g.tsn != expect || g.ssn != s.nextSsn || (count > 0 && g.begin())) {
          break;
        }
        total += g.data.length;
        count++;
        expect++;
        if (g.end()) {
          complete = true;
          break;
        }
      }
      if (!complete) {
        if (total > maxMessageSize) {
          discardOrderedHead(s);
          continue;
        }
        return;
      }
      byte[] message = total > maxMessageSize ? null : new byte[(int) total];
      int at = 0;
      for (int i = 0; i < count; i++) {
        Fragment g = s.queue.pollFirstEntry().getValue();
        buffered -= g.data.length + CHUNK_OVERHEAD;
        if (message != null) {
          System.arraycopy(g.data, 0, message, at, g.data.length);
          at += g.data.length;
        }
      }
      s.nextSsn++;
      if (message == null) {
        droppedOversize++;
      } else {
        sink.message(first.stream, first.ppid, message);
      }
    }
  }

  /** The head message grew past the maximum size: free it, and drop its remaining fragments. */
  private void discardOrderedHead(InStream s) {
    long ssn = s.nextSsn;
    boolean sawEnd = false;
    while (!s.queue.isEmpty() && s.queue.firstEntry().getValue().ssn == ssn) {
      Fragment g = s.queue.pollFirstEntry().getValue();
      buffered -= g.data.length + CHUNK_OVERHEAD;
      sawEnd |= g.end();
    }
    droppedOversize++;
    if (sawEnd) {
      s.nextSsn++;
    } else {
      s.discardSsn = ssn;
    }
  }

  private void onUnordered(
      long tsn, int stream, int ssn16, int ppid, int flags, byte[] payload, int off, int len) {
    boolean begin = (flags & FLAG_B) != 0;
    if (!begin && unorderedDiscardNext.remove(tsn)) {
      if ((flags & FLAG_E) == 0) {
        cascadeUnorderedDiscard(tsn + 1);
      }
      return;
    }
    if (begin && (flags & FLAG_E) != 0) {
      deliverWhole(stream, ppid, payload, off, len);
      return;
    }
    unordered.put(tsn, new Fragment(tsn, stream, ssn16, 0, ppid, flags, copy(payload, off, len)));
    buffered += len + CHUNK_OVERHEAD;
    // Without its end or a successor this fragment cannot complete a message (see onOrdered).
    if ((flags & FLAG_E) == 0
        && !unordered.containsKey(tsn + 1)
        && (++unorderedInserts & 63) != 0) {
      return;
    }
    assembleUnordered(tsn);
  }

  /** Finds the B fragment of the run holding {@code tsn} and delivers the run if it ends in E. */
  private void assembleUnordered(long tsn) {
    Fragment f = unordered.get(tsn);
    while (!f.begin()) {
      Fragment prev = unordered.get(f.tsn - 1);
      if (prev == null || prev.end()) {
        return;
      }
      f = prev;
    }
    long start = f.tsn;
    long total = 0;
    long t = start;
    Fragment g = f;
    while (true) {
      total += g.data.length;
      if (g.end()) {
        break;
      }
      Fragment next = unordered.get(t + 1);
      if (next == null || next.begin()) {
        if (total > maxMessageSize) {
          removeUnorderedRun(start, t);
          droppedOversize++;
          if (next == null && unorderedDiscardNext.size() < MAX_DISCARD_RUNS) {
            unorderedDiscardNext.add(t + 1);
          }
        }
        return;
      }
      g = next;
      t++;
    }
    byte[] message = total > maxMessageSize ? null : new byte[(int) total];
    int at = 0;
    for (long i = start; i <= t; i++) {
      Fragment x = unordered.remove(i);
      buffered -= x.data.length + CHUNK_OVERHEAD;
      if (message != null) {
        System.arraycopy(x.data, 0, message, at, x.data.length);
        at += x.data.length;
      }
    }
    if (message == null) {
      droppedOversize++;
    } else {
      sink.message(f.stream, f.ppid, message);
    }
  }

  private void removeUnorderedRun(long from, long to) {
    for (long i = from; i <= to; i++) {
      Fragment x = unordered.remove(i);
      if (x != null) {
        buffered -= x.data.length + CHUNK_OVERHEAD;
      }
    }
  }

  /** Fragments that already arrived after a discarded run belong to it: drop them too. */
  private void cascadeUnorderedDiscard(long tsn) {
    while (true) {
      Fragment x = unordered.get(tsn);
      if (x == null) {
        if (unorderedDiscardNext.size() < MAX_DISCARD_RUNS) {
          unorderedDiscardNext.add(tsn);
        }
        return;
      }
      if (x.begin()) {
        return;
      }
      unordered.remove(tsn);
      buffered -= x.data.length + CHUNK_OVERHEAD;
      if (x.end()) {
        return;
      }
      tsn++;
    }
  }

  /**
   * FORWARD-TSN (RFC 3758 §3.6): moves the cumulative TSN to {@code newCum32}, skips the listed
   * stream sequence numbers and frees fragments of abandoned messages. Returns false when it moved
   * nothing.
   */
  boolean onForwardTsn(int newCum32, int[] sids, int[] ssns, int pairs) {
    long target = Serial.unwrap32(newCum32, cum);
    if (target <= cum) {
      return false;
    }
    if (target - cum > TSN_WINDOW) {
      java.util.Arrays.fill(received, 0L);
    } else {
      for (long t = cum + 1; t <= target; t++) {
        clearReceived(t);
      }
    }
    cum = target;
    if (highest < cum) {
      highest = cum;
    }
    advanceCum();
    for (int i = 0; i < pairs; i++) {
      if (sids[i] >= inboundStreams) {
        continue;
      }
      InStream s = streams.computeIfAbsent(sids[i], k -> new InStream());
      long ssn = Serial.unwrap16(ssns[i], s.nextSsn);
      if (s.queue != null) {
        while (!s.queue.isEmpty() && s.queue.firstEntry().getValue().ssn <= ssn) {
          Fragment g = s.queue.pollFirstEntry().getValue();
          buffered -= g.data.length + CHUNK_OVERHEAD;
        }
      }
      if (s.nextSsn <= ssn) {
        s.nextSsn = ssn + 1;
      }
      if (s.discardSsn >= 0 && s.discardSsn <= ssn) {
        s.discardSsn = -1;
      }
      deliverOrdered(s);
    }
    // Unordered fragments at or below the new cumulative TSN belong to abandoned messages, except
    // a run that reaches exactly the new cumulative TSN without its end, which may still complete.
    long keepFrom = Long.MAX_VALUE;
    Fragment atCum = unordered.get(cum);
    if (atCum != null && !atCum.end()) {
      keepFrom = cum;
      while (!unordered.get(keepFrom).begin() && unordered.containsKey(keepFrom - 1)) {
        if (unordered.get(keepFrom - 1).end()) {
          break;
        }
        keepFrom--;
      }
    }
    Iterator<Map.Entry<Long, Fragment>> it = unordered.headMap(cum, true).entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, Fragment> e = it.next();
      if (e.getKey() >= keepFrom) {
        break;
      }
      buffered -= e.getValue().data.length + CHUNK_OVERHEAD;
      it.remove();
    }
    unorderedDiscardNext.removeIf(t -> t <= cum);
    checkPendingResets();
    return true;
  }

  /**
   * An Outgoing SSN Reset Request from the peer (RFC 6525 §5.2.2): reset now if every TSN up to the
   * sender's last assigned TSN arrived, otherwise defer. Returns the result code to send back.
   */
  int onOutgoingResetRequest(long requestSeq, int lastTsn32, int[] sids) {
    long lastTsn = Serial.unwrap32(lastTsn32, cum);
    if (lastTsn <= cum) {
      performReset(lastTsn, sids);
      return RESULT_PERFORMED;
    }
    for (int sid : streamsOrAll(sids)) {
      InStream s = streams.computeIfAbsent(sid, k -> new InStream());
      s.resetAfterTsn = lastTsn;
    }
    pendingResets.add(new PendingReset(requestSeq, lastTsn, sids));
    return RESULT_IN_PROGRESS;
  }

  /** Result for a retransmitted request: performed once it left the deferred list. */
  int resetStatus(long requestSeq) {
    for (PendingReset p : pendingResets) {
      if (p.requestSeq() == requestSeq) {
        return RESULT_IN_PROGRESS;
      }
    }
    return RESULT_PERFORMED;
  }

  private void checkPendingResets() {
    if (pendingResets.isEmpty()) {
      return;
    }
    Iterator<PendingReset> it = pendingResets.iterator();
    while (it.hasNext()) {
      PendingReset p = it.next();
      if (p.lastTsn() <= cum) {
        it.remove();
        performReset(p.lastTsn(), p.streams());
        return; // performReset may re-enter; one at a time keeps the iteration safe
      }
    }
  }

  private void performReset(long lastTsn, int[] sids) {
    int[] affected = streamsOrAll(sids);
    List<Fragment> replay = new ArrayList<>();
    for (int sid : affected) {
      InStream s = streams.get(sid);
      if (s == null) {
        continue;
      }
      if (s.queue != null) {
        for (Fragment g : s.queue.values()) {
          buffered -= g.data.length + CHUNK_OVERHEAD;
        }
        s.queue.clear();
      }
      s.nextSsn = 0;
      s.discardSsn = -1;
      s.resetAfterTsn = Long.MIN_VALUE;
      if (s.parked != null) {
        for (Fragment g : s.parked) {
          buffered -= g.data.length + CHUNK_OVERHEAD;
          replay.add(g);
        }
        s.parked = null;
      }
    }
    sink.incomingStreamsReset(affected);
    for (Fragment g : replay) {
      onOrdered(g.tsn, g.stream, g.ssn16, g.ppid, g.flags, g.data, 0, g.data.length);
    }
    checkPendingResets();
  }

  private int[] streamsOrAll(int[] sids) {
    if (sids.length > 0) {
      return sids;
    }
    return streams.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /**
   * Computes gap ack blocks (RFC 9260 §3.3.4) that fit in {@code room} bytes and returns the SACK
   * chunk length.
   */
  int prepareSack(int room) {
    int maxBlocks = Math.max(0, Math.min(blocks.length / 2, (room - 16) / 4));
    blockCount = 0;
    long t = cum + 1;
    while (t <= highest && blockCount < maxBlocks) {
      while (t <= highest && !isReceived(t)) {
        // Skip empty 64-TSN words at once: a hostile peer can put the highest TSN far ahead.
        if ((t & 63) == 0 && received[(int) (t & TSN_WINDOW) >>> 6] == 0) {
          t += 64;
        } else {
          t++;
        }
      }
      if (t > highest) {
        break;
      }
      long start = t;
      while (t <= highest && isReceived(t)) {
        if ((t & 63) == 0 && received[(int) (t & TSN_WINDOW) >>> 6] == -1L && t + 63 <= highest) {
          t += 64;
        } else {
          t++;
        }
      }
      blocks[2 * blockCount] = (int) (start - cum);
      blocks[2 * blockCount + 1] = (int) (t - 1 - cum);
      blockCount++;
    }
    int roomForDups = Math.max(0, (room - 16 - 4 * blockCount) / 4);
    int d = Math.min(dupCount, roomForDups);
    return 16 + 4 * blockCount + 4 * d;
  }

  /** Writes the SACK prepared by {@link #prepareSack}; duplicate TSNs are reported once. */
  void writeSack(PacketWriter w, int room) {
    int roomForDups = Math.max(0, (room - 16 - 4 * blockCount) / 4);
    int d = Math.min(dupCount, roomForDups);
    int c = w.beginChunk(ChunkType.SACK, 0);
    w.put32((int) cum);
    w.put32(advertisedWindow());
    w.put16(blockCount);
    w.put16(d);
    for (int i = 0; i < blockCount; i++) {
      w.put16(blocks[2 * i]);
      w.put16(blocks[2 * i + 1]);
    }
    for (int i = 0; i < d; i++) {
      w.put32(dups[i]);
    }
    w.endChunk(c);
    dupCount = 0;
  }

  private void advanceCum() {
    while (cum < highest && isReceived(cum + 1)) {
      cum++;
      clearReceived(cum);
    }
  }

  private boolean isReceived(long tsn) {
    int bit = (int) (tsn & TSN_WINDOW);
    return (received[bit >>> 6] & (1L << bit)) != 0;
  }

  private void markReceived(long tsn) {
    int bit = (int) (tsn & TSN_WINDOW);
    received[bit >>> 6] |= 1L << bit;
  }

  private void clearReceived(long tsn) {
    int bit = (int) (tsn & TSN_WINDOW);
    received[bit >>> 6] &= ~(1L << bit);
  }

  private static byte[] copy(byte[] src, int off, int len) {
    byte[] out = new byte[len];
    System.arraycopy(src, off, out, 0, len);
    return out;
  }
}
