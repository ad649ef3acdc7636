package io.roomrecorder.datachannel;

import io.roomrecorder.datachannel.dcep.DcepMessage;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One SCTP association over DTLS (RFC 9260, RFC 8261) carrying WebRTC data channels (RFC 8831, RFC
 * 8832). Sans-IO: it never touches a socket, a clock or a thread.
 *
 * <h2>Driving it</h2>
 *
 * <pre>{@code
 * SctpAssociation sctp = new SctpAssociation(SctpConfig.builder(isDtlsClient, secureRandom).build());
 * sctp.connect(now);                                   // both sides send INIT, as browsers do
 * // on every DTLS application-data record:
 * sctp.handleInbound(record, 0, record.length, now);
 * // after every call (and after DataChannel.send/close), drain:
 * for (byte[] p; (p = sctp.pollOutbound()) != null; ) dtls.send(p, 0, p.length);
 * for (DataChannelEvent e; (e = sctp.pollEvent()) != null; ) handle(e);
 * // and arm one timer:  at sctp.pollTimeout() call sctp.handleTimeout(now), then drain again
 * }</pre>
 *
 * <p>Each outbound packet is one DTLS record (RFC 8261 §5), at most {@link SctpConfig#mtu()} bytes.
 * Packets are built lazily in {@code pollOutbound}, so SACKs ride with data and queued messages are
 * packed together. {@code pollOutbound} uses the time of the last call that took one.
 *
 * <h2>Threads and buffers</h2>
 *
 * Not thread-safe: one thread (the peer session's) owns the association and its {@link
 * DataChannel}s; other threads post work to it. {@code handleInbound} borrows the buffer for the
 * duration of the call only. {@link #pollOutbound()} returns a new array the caller owns; {@link
 * #pollOutbound(byte[], int)} writes into the caller's buffer. Message events own their data.
 *
 * <h2>Bad input</h2>
 *
 * Nothing the peer sends makes a method throw: bad packets, chunks and messages are dropped and
 * counted in {@link #stats()}. Memory is bounded by the receive buffer (advertised as a_rwnd), the
 * maximum message size and the send buffer.
 */
public final class SctpAssociation {
  private static final Logger LOG = System.getLogger(SctpAssociation.class.getName());

  /** Payload protocol identifiers (RFC 8831 §8). */
  public static final int PPID_DCEP = 50;

  public static final int PPID_STRING = 51;
  public static final int PPID_BINARY = 53;
  public static final int PPID_STRING_EMPTY = 56;
  public static final int PPID_BINARY_EMPTY = 57;

  /** At most this many channels at once; more DATA_CHANNEL_OPENs are refused. */
  public static final int MAX_CHANNELS = 1024;

  /** Longest label or protocol (UTF-8 bytes) we accept in a DATA_CHANNEL_OPEN. */
  public static final int MAX_LABEL_BYTES = 4096;

  private final SctpConfig config;
  private final Association engine;
  private final ArrayDeque<DataChannelEvent> events = new ArrayDeque<>();
  // Bytes of received messages per queued event (0 for others): they count against a_rwnd.
  private final ArrayDeque<Integer> eventBytes = new ArrayDeque<>();
  private final TreeMap<Integer, DataChannel> channels = new TreeMap<>();
  private final byte[] scratch;
  private int heldBytes;
  private long messagesReceived;
  private long messagesSent;
  private boolean closedEventSent;

  public SctpAssociation(SctpConfig config) {
    this.config = config;
    this.scratch = new byte[config.mtu()];
    this.engine = new Association(config, new EngineListener());
  }

  public SctpConfig config() {
    return config;
  }

  /** Sends INIT (RFC 9260 §5.1). Harmless when the peer's INIT already arrived or crosses ours. */
  public void connect(long nowMs) {
    engine.connect(nowMs);
  }

  /** Feeds one SCTP packet (one DTLS application-data record). Never throws for bad input. */
  public void handleInbound(byte[] buf, int off, int len, long nowMs) {
    engine.handleInbound(buf, off, len, nowMs);
  }

  /** The next packet to hand to DTLS, or null when there is nothing to send now. */
  public byte[] pollOutbound() {
    int n = engine.pollOutbound(scratch, 0);
    if (n < 0) {
      return null;
    }
    byte[] out = new byte[n];
    System.arraycopy(scratch, 0, out, 0, n);
    return out;
  }

  /**
   * Writes the next packet into {@code dst} at {@code off} (which needs {@link SctpConfig#mtu()}
   * bytes of room) and returns its length, or -1 when there is nothing to send.
   */
  public int pollOutbound(byte[] dst, int off) {
    return engine.pollOutbound(dst, off);
  }

  /** The earliest timer deadline in ms on the caller's clock, or Long.MAX_VALUE for none. */
  public long pollTimeout() {
    return engine.pollTimeout();
  }

  /** Runs every timer due at {@code nowMs} (T1, T2, T3-rtx, delayed SACK, heartbeat, RE-CONFIG). */
  public void handleTimeout(long nowMs) {
    engine.handleTimeout(nowMs);
  }

  /** The next event, or null. Taking a message event frees receive window. */
  public DataChannelEvent pollEvent() {
    DataChannelEvent e = events.pollFirst();
    if (e != null) {
      int bytes = eventBytes.pollFirst();
      if (bytes > 0) {
        release(bytes);
      }
    }
    return e;
  }

  private void emit(DataChannelEvent e) {
    events.add(e);
    eventBytes.add(0);
  }

  private void release(int bytes) {
    heldBytes -= bytes;
    engine.setUpperHeld(heldBytes);
  }

  public AssociationState state() {
    return engine.state();
  }

  /**
   * Opens a channel with in-band negotiation (DATA_CHANNEL_OPEN, RFC 8832 §6) or, with {@link
   * DataChannelOptions#negotiatedId()}, on an agreed stream. The stream ID is even when we are the
   * DTLS client and odd when we are the server. Before the association is up the channel waits in
   * CONNECTING. Throws IllegalStateException when the association is closed or no stream ID is
   * free.
   */
  public DataChannel openChannel(String label, DataChannelOptions options) {
    if (engine.isTerminated()
        || engine.state().ordinal() > AssociationState.ESTABLISHED.ordinal()) {
      throw new IllegalStateException("association is " + engine.state());
    }
    int limit = engine.isEstablished() ? engine.outboundStreams() : config.outboundStreams();
    int id;
    if (options.negotiatedId() >= 0) {
      id = options.negotiatedId();
      if (channels.containsKey(id) || id >= limit) {
        throw new IllegalStateException("stream " + id + " is in use or beyond " + limit);
      }
    } else {
      id = config.dtlsClient() ? 0 : 1;
      while (id < limit && channels.containsKey(id)) {
        id += 2;
      }
      if (id >= limit) {
        throw new IllegalStateException("no free stream ID below " + limit);
      }
    }
    DataChannel ch = new DataChannel(this, id, label, options, true, DataChannelState.CONNECTING);
    channels.put(id, ch);
    if (engine.isEstablished()) {
      announce(ch);
    }
    return ch;
  }

  public DataChannel openChannel(String label) {
    return openChannel(label, DataChannelOptions.DEFAULT);
  }

  /** The channel on {@code streamId}, or null. */
  public DataChannel channel(int streamId) {
    return channels.get(streamId);
  }

  /** Channels that are not closed, by stream ID. */
  public List<DataChannel> channels() {
    return new ArrayList<>(channels.values());
  }

  /** Graceful SHUTDOWN (RFC 9260 §9.2) once queued data is acknowledged. */
  public void shutdown() {
    engine.shutdown();
  }

  /** Sends ABORT with a User-Initiated Abort cause (RFC 9260 §3.3.10.12) and closes at once. */
  public void abort(String reason) {
    engine.abort(reason);
  }

  public SctpStats stats() {
    Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      long v = engine.drops(r);
      if (v != 0) {
        drops.put(r, v);
      }
    }
    return new SctpStats(
        engine.packetsReceived,
        engine.packetsSent,
        engine.bytesReceived,
        engine.bytesSent,
        engine.dataChunksSent,
        engine.retransmittedChunks,
        engine.fastRetransmits,
        engine.t3Expirations,
        engine.abandonedMessages,
        engine.duplicateTsns(),
        messagesReceived,
        messagesSent,
        engine.heartbeatsSent,
        engine.rtoMs(),
        engine.cwnd(),
        engine.receiveWindow(),
        drops);
  }

  // ------------------------------------------------------------------ channels

  private void announce(DataChannel ch) {
    if (ch.options().negotiatedId() < 0) {
      DataChannelOptions o = ch.options();
      int type =
          (o.maxRetransmits() >= 0
                  ? DcepMessage.CHANNEL_PARTIAL_RELIABLE_REXMIT
                  : o.maxPacketLifeTimeMs() >= 0 ? DcepMessage.CHANNEL_PARTIAL_RELIABLE_TIMED : 0)
              | (o.ordered() ? 0 : DcepMessage.UNORDERED_BIT);
      long rel =
          Math.max(0, o.maxRetransmits() >= 0 ? o.maxRetransmits() : o.maxPacketLifeTimeMs());
      byte[] open =
          new DcepMessage.Open(type, o.priority(), rel, ch.label(), o.protocol()).encode();
      // RFC 8832 §6: DATA_CHANNEL_OPEN goes ordered and reliable.
      engine.send(ch.id(), PPID_DCEP, open, false, -1, -1);
    } else {
      ch.acked = true;
    }
    ch.state = DataChannelState.OPEN;
    emit(new DataChannelEvent.ChannelOpened(ch));
  }

  boolean sendOnChannel(DataChannel ch, int ppid, byte[] data) {
    if (ch.state != DataChannelState.OPEN || channels.get(ch.id()) != ch) {
      return false;
    }
    long limit =
        config.remoteMaxMessageSize() == 0 ? Long.MAX_VALUE : config.remoteMaxMessageSize();
    if (data.length > limit) {
      throw new IllegalArgumentException(
          "message of " + data.length + " bytes exceeds the peer's max-message-size " + limit);
    }
    DataChannelOptions o = ch.options();
    // RFC 8832 §6: until the DATA_CHANNEL_ACK arrives, user messages go ordered.
    boolean unordered = !o.ordered() && ch.acked;
    if (!engine.send(ch.id(), ppid, data, unordered, o.maxRetransmits(), o.maxPacketLifeTimeMs())) {
      return false;
    }
    ch.bufferedAmount += data.length;
    messagesSent++;
    return true;
  }

  void closeChannel(DataChannel ch) {
    if (ch.state == DataChannelState.CLOSING || ch.state == DataChannelState.CLOSED) {
      return;
    }
    if (channels.get(ch.id()) != ch) {
      return;
    }
    if (!engine.isEstablished()) {
      if (engine.isTerminated()
          || engine.state() == AssociationState.CLOSED
          || engine.state() == AssociationState.COOKIE_WAIT
          || engine.state() == AssociationState.COOKIE_ECHOED) {
        finishClose(ch); // never announced: nothing to reset
        return;
      }
    }
    ch.state = DataChannelState.CLOSING;
    engine.resetOutgoingStream(ch.id());
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private void finishClose(DataChannel ch) {
    ch.state = DataChannelState.CLOSED;
    channels.remove(ch.id());
    emit(new DataChannelEvent.ChannelClosed(ch));
    if (ch.deferredOpen != null && !engine.isTerminated()) {
      byte[] open = ch.deferredOpen;
      ch.deferredOpen = null;
      onDcep(ch.id(), open);
    }
    if (ch.deferredMessages != null) {
      List<Object[]> later = ch.deferredMessages;
      ch.deferredMessages = null;
      for (Object[] m : later) {
        byte[] data = (byte[]) m[1];
        heldBytes -= Math.max(1, data.length);
        engine.setUpperHeld(heldBytes);
        if (!engine.isTerminated()) {
          deliver(ch.id(), (Integer) m[0], data);
        }
      }
    }
  }

  private void onDcep(int stream, byte[] data) {
    DcepMessage msg = DcepMessage.parse(data, 0, data.length);
    DataChannel existing = channels.get(stream);
    if (msg instanceof DcepMessage.Open open) {
      if (existing != null) {
        if (existing.state == DataChannelState.CLOSING
            && existing.incomingReset
            && existing.deferredOpen == null) {
          // The peer finished its side of the close and reuses the stream before the answer to
          // our own reset arrived: open the new channel once the old one is closed.
          existing.deferredOpen = data;
          return;
        }
        engine.drop(DropReason.MALFORMED_DCEP); // stream already carries a channel
        return;
      }
      if (stream >= engine.outboundStreams()) {
        engine.drop(DropReason.MALFORMED_DCEP);
        return;
      }
      if (channels.size() >= MAX_CHANNELS
          || utf8Length(open.label()) > MAX_LABEL_BYTES
          || utf8Length(open.protocol()) > MAX_LABEL_BYTES) {
        // Bounded memory: refuse the channel by resetting its stream (RFC 8831 §6.7).
        engine.drop(DropReason.CHANNEL_REFUSED);
        engine.resetOutgoingStream(stream);
        return;
      }
      int type = open.reliabilityType();
      long rel = open.reliability();
      DataChannelOptions options =
          new DataChannelOptions(
              !open.unordered(),
              type == DcepMessage.CHANNEL_PARTIAL_RELIABLE_REXMIT
                  ? (int) Math.min(rel, Integer.MAX_VALUE)
                  : -1,
              type == DcepMessage.CHANNEL_PARTIAL_RELIABLE_TIMED ? rel : -1,
              open.protocol(),
              open.priority(),
              -1);
      DataChannel ch =
          new DataChannel(this, stream, open.label(), options, false, DataChannelState.OPEN);
      ch.acked = true;
      channels.put(stream, ch);
      // §6: answer on the same stream, ordered and reliable.
      engine.send(stream, PPID_DCEP, new DcepMessage.Ack().encode(), false, -1, -1);
      LOG.log(Level.DEBUG, "data channel {0} ''{1}'' opened by peer", stream, open.label());
      emit(new DataChannelEvent.ChannelOpened(ch));
    } else if (msg instanceof DcepMessage.Ack) {
      if (existing == null || !existing.isLocal() || existing.acked) {
        engine.drop(DropReason.MALFORMED_DCEP);
        return;
      }
      existing.acked = true;
    } else {
      engine.drop(DropReason.MALFORMED_DCEP);
    }
  }

  private void deliver(int stream, int ppid, byte[] data) {
    if (ppid == PPID_DCEP) {
      onDcep(stream, data);
      return;
    }
    DataChannel ch = channels.get(stream);
    if (ch == null || ch.state == DataChannelState.CLOSED) {
      engine.drop(DropReason.UNKNOWN_CHANNEL);
      return;
    }
    if (ch.incomingReset) {
      // The peer reset its side of this stream: whatever follows belongs to the channel its
      // deferred DATA_CHANNEL_OPEN announced, which opens once this one has closed.
      if (ch.deferredOpen == null) {
        engine.drop(DropReason.UNKNOWN_CHANNEL);
        return;
      }
      if (ch.deferredMessages == null) {
        ch.deferredMessages = new ArrayList<>();
      }
      ch.deferredMessages.add(new Object[] {ppid, data});
      heldBytes += Math.max(1, data.length); // still counts against our receive window
      engine.setUpperHeld(heldBytes);
      return;
    }
    DataChannelEvent e;
    switch (ppid) {
      case PPID_STRING ->
          e = new DataChannelEvent.TextMessage(ch, new String(data, StandardCharsets.UTF_8));
      case PPID_BINARY -> e = new DataChannelEvent.BinaryMessage(ch, data);
      case PPID_STRING_EMPTY -> e = new DataChannelEvent.TextMessage(ch, "");
      case PPID_BINARY_EMPTY -> e = new DataChannelEvent.BinaryMessage(ch, new byte[0]);
      default -> {
        engine.drop(DropReason.UNKNOWN_PPID);
        return;
      }
    }
    messagesReceived++;
    int bytes = Math.max(1, data.length);
    heldBytes += bytes;
    engine.setUpperHeld(heldBytes);
    events.add(e);
    eventBytes.add(bytes);
  }

  private final class EngineListener implements Association.Listener {
    @Override
    public void established() {
      emit(new DataChannelEvent.AssociationEstablished());
      for (DataChannel ch : new ArrayList<>(channels.values())) {
        if (ch.state != DataChannelState.CONNECTING) {
          continue;
        }
        if (ch.id() >= engine.outboundStreams()) {
          finishClose(ch); // the peer allows fewer streams than this ID
        } else {
          announce(ch);
        }
      }
    }

    @Override
    public void closed(CloseReason reason, String detail) {
      for (DataChannel ch : new ArrayList<>(channels.values())) {
        finishClose(ch);
      }
      if (!closedEventSent) {
        closedEventSent = true;
        emit(new DataChannelEvent.AssociationClosed(reason, detail));
      }
    }

    @Override
    public void message(int stream, int ppid, byte[] data) {
      deliver(stream, ppid, data);
    }

    @Override
    public void incomingStreamsReset(int[] streams) {
      for (int s : streams) {
        DataChannel ch = channels.get(s);
        if (ch == null) {
          continue;
        }
        ch.incomingReset = true;
        if (ch.outgoingReset) {
          finishClose(ch);
        } else if (ch.state != DataChannelState.CLOSING) {
          // RFC 8831 §6.7: the peer closed; reset our side too.
          ch.state = DataChannelState.CLOSING;
          engine.resetOutgoingStream(s);
        }
      }
    }

    @Override
    public void outgoingStreamsReset(int[] streams) {
      for (int s : streams) {
        DataChannel ch = channels.get(s);
        if (ch == null) {
          continue;
        }
        ch.outgoingReset = true;
        if (ch.incomingReset || !engine.peerSupportsReconfig()) {
          finishClose(ch);
        }
      }
    }

    @Override
    public void bytesLeftBuffer(int stream, int ppid, int bytes) {
      DataChannel ch = channels.get(stream);
      if (ch == null || ppid == PPID_DCEP) {
        return;
      }
      long before = ch.bufferedAmount;
      ch.bufferedAmount = Math.max(0, before - bytes);
      if (before > ch.bufferedAmountLowThreshold
          && ch.bufferedAmount <= ch.bufferedAmountLowThreshold) {
        emit(new DataChannelEvent.BufferedAmountLow(ch));
      }
    }
  }
}
