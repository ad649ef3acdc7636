package io.roomrecorder.datachannel;

import io.roomrecorder.datachannel.sctp.ChunkType;
import io.roomrecorder.datachannel.sctp.ChunkView;
import io.roomrecorder.datachannel.sctp.Crc32c;
import io.roomrecorder.datachannel.sctp.MalformedChunkException;
import io.roomrecorder.datachannel.sctp.PacketWriter;
import io.roomrecorder.datachannel.sctp.SctpPacket;
import io.roomrecorder.datachannel.sctp.StateCookie;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * The SCTP association engine (RFC 9260) as WebRTC uses it over DTLS (RFC 8261): handshake with
 * collision handling (§5.1, §5.2), DATA/SACK with delayed acknowledgement (§6.2), RTO (§6.3),
 * T3-rtx and fast retransmit (§6.3.3, §7.2.4), congestion control (§7.2), heartbeats (§8.3), ABORT
 * and SHUTDOWN (§9), partial reliability (RFC 3758) and stream reset (RFC 6525 §5.1.2/§5.2.2).
 *
 * <p>Sans-IO: packets and a time in milliseconds in, packets, a timer deadline and upcalls to
 * {@link Listener} out. Not thread-safe: one thread owns it (see {@link SctpAssociation}).
 */
final class Association {
  private static final Logger LOG = System.getLogger(Association.class.getName());

  /** Upcalls to the data-channel layer, made synchronously on the owning thread. */
  interface Listener {
    void established();

    void closed(CloseReason reason, String detail);

    /** A complete message; {@code data} is handed over. */
    void message(int stream, int ppid, byte[] data);

    void incomingStreamsReset(int[] streams);

    /** Our Outgoing SSN Reset Request for these streams was performed (or refused). */
    void outgoingStreamsReset(int[] streams);

    /** {@code bytes} of a message on {@code stream} left the send buffer (sent or abandoned). */
    void bytesLeftBuffer(int stream, int ppid, int bytes);
  }

  // Parameter types (RFC 9260 §3.3.2, RFC 3758 §3.1, RFC 5061 §4.2.7, RFC 6525 §4).
  static final int PARAM_HEARTBEAT_INFO = 1;
  static final int PARAM_STATE_COOKIE = 7;
  static final int PARAM_UNRECOGNIZED = 8;
  static final int PARAM_SUPPORTED_EXTENSIONS = 0x8008;
  static final int PARAM_FORWARD_TSN_SUPPORTED = 0xC000;
  static final int PARAM_OUTGOING_SSN_RESET = 13;
  static final int PARAM_INCOMING_SSN_RESET = 14;
  static final int PARAM_RECONFIG_RESPONSE = 16;
  static final int PARAM_ADD_OUTGOING_STREAMS = 17;
  // Error causes (RFC 9260 §3.3.10).
  static final int CAUSE_INVALID_STREAM = 1;
  static final int CAUSE_STALE_COOKIE = 3;
  static final int CAUSE_UNRECOGNIZED_CHUNK = 6;
  static final int CAUSE_UNRECOGNIZED_PARAMETERS = 8;
  static final int CAUSE_NO_USER_DATA = 9;
  static final int CAUSE_USER_ABORT = 12;
  static final int CAUSE_PROTOCOL_VIOLATION = 13;
  // RE-CONFIG results (RFC 6525 §4.4).
  static final int RESULT_NOTHING_TO_DO = 0;
  static final int RESULT_DENIED = 2;
  static final int RESULT_BAD_SEQUENCE = 5;

  private static final int DATA_HEADER = 16;
  private static final int MAX_OPTIONAL_CONTROL = 64;

  /** RFC 9260 §6.1 D and §16: at most Max.Burst packets with DATA per transmission opportunity. */
  static final int MAX_BURST = 4;

  private static final int STATE_OPEN_SEND = 1; // in flight
  private static final int TO_RETRANSMIT = 2;
  private static final int GAP_ACKED = 3;
  private static final int ABANDONED = 4;

  static final class OutMessage {
    final int stream;
    final int ppid;
    final boolean unordered;
    final byte[] data;
    final int maxRetransmits;
    final long expiresAtMs;
    int ssn = -1;
    int nextOffset;
    boolean abandoned;

    OutMessage(
        int stream,
        int ppid,
        boolean unordered,
        byte[] data,
        int maxRetransmits,
        long expiresAtMs) {
      this.stream = stream;
      this.ppid = ppid;
      this.unordered = unordered;
      this.data = data;
      this.maxRetransmits = maxRetransmits;
      this.expiresAtMs = expiresAtMs;
    }
  }

  static final class OutChunk {
    final long tsn;
    final OutMessage msg;
    final int offset;
    final int length;
    final int flags;
    int state;
    int sendCount;
    long sentAtMs;
    int misses;
    boolean fastRetransmitted;

    OutChunk(long tsn, OutMessage msg, int offset, int length, int flags) {
      this.tsn = tsn;
      this.msg = msg;
      this.offset = offset;
      this.length = length;
      this.flags = flags;
    }
  }

  private record Control(int vtag, byte[] chunk, boolean alone) {}

  private final SctpConfig config;
  private final Listener listener;
  private final Random random;
  private final Crc32c crc = new Crc32c();
  private final SctpPacket packet = new SctpPacket();
  private final ChunkView chunk = new ChunkView();
  private final ChunkView.ParameterView param = new ChunkView.ParameterView();
  private final PacketWriter writer = new PacketWriter();
  private final StateCookie cookies;
  private final long[] drops = new long[DropReason.values().length];
  private final ArrayDeque<Control> control = new ArrayDeque<>();
  private final ArrayDeque<OutMessage> pending = new ArrayDeque<>();
  private final ArrayDeque<OutChunk> inflight = new ArrayDeque<>();
  private final List<OutChunk> placeholders = new ArrayList<>();
  // How many chunks in {@code inflight} are in these states, so hot paths can skip scans.
  private int retransmitCount;
  private int gapAckedCount;
  private final int mtu;

  private AssociationState state = AssociationState.CLOSED;
  private boolean terminated;
  private boolean haveTcb;
  private long now;

  // Tags and handshake (RFC 9260 §5.1).
  private int myTag;
  private int peerTag;
  private int myInitialTsn;
  private byte[] cookieToEcho;
  private byte[] initChunk;
  private int initRetransmits;
  private boolean peerForwardTsn;
  private boolean peerReconfig;
  private int outboundStreams;
  private int inboundStreams;

  // Receive side.
  private ReceiveQueue receive;
  private boolean sackNow;
  private boolean sackPending;
  private int dataPacketsSinceSack;
  private int lastAdvertisedWindow;
  private int upperHeld;

  // Send side (RFC 9260 §6, §7).
  private long nextTsn;
  private long cumAck;
  private int[] nextSsn = new int[16];
  private int[] pendingPerStream = new int[16];
  private long bufferedBytes;
  private int flightSize;
  private int peerRwnd;
  private int cwnd;
  private int ssthresh;
  private int partialBytesAcked;
  private boolean fastRecovery;
  private long fastRecoveryExit;
  private boolean fastRetransmitNow;
  private long lastDataSentMs;
  private boolean forwardTsnNeeded;
  // §6.3.3 E3: after a T3-rtx expiry, one packet of retransmissions, then wait for a SACK.
  private boolean t3OnePacket;
  private boolean t3Hold;
  private int burstPackets;

  // RTO (§6.3.1).
  private long rto;
  private double srtt;
  private double rttvar;
  private boolean haveRtt;
  private int errorCount;

  // Timers: absolute deadlines in ms, Long.MAX_VALUE when stopped.
  private long t1 = Long.MAX_VALUE;
  private long t2 = Long.MAX_VALUE;
  private long t3 = Long.MAX_VALUE;
  private long sackTimer = Long.MAX_VALUE;
  private long heartbeatTimer = Long.MAX_VALUE;
  private long reconfigTimer = Long.MAX_VALUE;
  private long heartbeatNonce;
  private boolean heartbeatOutstanding;

  // Stream reset (RFC 6525).
  private final TreeSet<Integer> resetWanted = new TreeSet<>();
  private long myReconfigSeq;
  private long peerReconfigExpected;
  private int lastPeerReconfigResult;
  private int[] outstandingReset;
  private long outstandingResetSeq;
  private byte[] outstandingResetChunk;
  private long implicitResponseSeq = -1;
  private boolean shutdownRequested;

  // Counters.
  long packetsReceived;
  long packetsSent;
  long bytesReceived;
  long bytesSent;
  long dataChunksSent;
  long retransmittedChunks;
  long fastRetransmits;
  long t3Expirations;
  long abandonedMessages;
  long heartbeatsSent;

  Association(SctpConfig config, Listener listener) {
    this.config = config;
    this.listener = listener;
    this.random = config.random();
    this.mtu = config.mtu();
    byte[] key = new byte[32];
    random.nextBytes(key);
    this.cookies = new StateCookie(key);
    this.rto = config.rtoInitialMs();
  }

  AssociationState state() {
    return state;
  }

  boolean isTerminated() {
    return terminated;
  }

  boolean isEstablished() {
    return state == AssociationState.ESTABLISHED;
  }

  int outboundStreams() {
    return outboundStreams;
  }

  boolean peerSupportsReconfig() {
    return peerReconfig;
  }

  long drops(DropReason r) {
    long base = drops[r.ordinal()];
    if (receive != null) {
      base +=
          switch (r) {
            case RECEIVE_WINDOW_FULL -> receive.droppedWindow;
            case OVERSIZED_MESSAGE -> receive.droppedOversize;
            case STALE_FRAGMENT -> receive.staleFragments;
            case INVALID_STREAM -> receive.droppedInvalidStream;
            default -> 0;
          };
    }
    return base;
  }

  void drop(DropReason r) {
    drops[r.ordinal()]++;
  }

  long duplicateTsns() {
    return receive == null ? 0 : receive.duplicateTsns;
  }

  long rtoMs() {
    return rto;
  }

  int cwnd() {
    return cwnd;
  }

  private void setState(OutChunk c, int next) {
    if (c.state == TO_RETRANSMIT) {
      retransmitCount--;
    } else if (c.state == GAP_ACKED) {
      gapAckedCount--;
    }
    if (next == TO_RETRANSMIT) {
      retransmitCount++;
    } else if (next == GAP_ACKED) {
      gapAckedCount++;
    }
    c.state = next;
  }

  /** Removes the first in-flight chunk, keeping the state counters right. */
  private OutChunk pollInflight() {
    OutChunk c = inflight.pollFirst();
    if (c.state == TO_RETRANSMIT) {
      retransmitCount--;
    } else if (c.state == GAP_ACKED) {
      gapAckedCount--;
    }
    return c;
  }

  private void transition(AssociationState next, String reason) {
    if (state != next) {
      LOG.log(Level.DEBUG, "sctp {0} -> {1} ({2})", state, next, reason);
      state = next;
    }
  }

  // ------------------------------------------------------------------ handshake (RFC 9260 §5)

  /** Sends INIT (§5.1 step A). Both sides may call it; a crossing INIT is handled per §5.2.1. */
  void connect(long nowMs) {
    now = nowMs;
    if (state != AssociationState.CLOSED || terminated) {
      return;
    }
    myTag = nonZeroRandom();
    myInitialTsn = random.nextInt();
    initChunk = encodeInit(ChunkType.INIT, myTag, myInitialTsn, null, null);
    initRetransmits = 0;
    control.add(new Control(0, initChunk, true));
    t1 = now + rto;
    transition(AssociationState.COOKIE_WAIT, "connect: INIT sent");
  }

  private int nonZeroRandom() {
    int v;
    do {
      v = random.nextInt();
    } while (v == 0);
    return v;
  }

  private byte[] encodeInit(int type, int tag, int initialTsn, byte[] cookie, byte[] unrecognized) {
    int cap = 20 + 8 + 4 + SctpPacket.COMMON_HEADER_LENGTH;
    if (cookie != null) {
      cap += 4 + PacketWriter.padded(cookie.length);
    }
    if (unrecognized != null) {
      cap += 4 + PacketWriter.padded(unrecognized.length);
    }
    byte[] tmp = new byte[cap];
    PacketWriter w = new PacketWriter();
    w.begin(tmp, 0, cap, 0, 0, 0);
    int c = w.beginChunk(type, 0);
    w.put32(tag);
    w.put32(config.receiveBufferSize());
    w.put16(config.outboundStreams());
    w.put16(config.inboundStreams());
    w.put32(initialTsn);
    if (cookie != null) {
      w.put16(PARAM_STATE_COOKIE);
      w.put16(4 + cookie.length);
      w.putBytes(cookie, 0, cookie.length);
      padTo4(w, cookie.length);
    }
    // RFC 5061 §4.2.7 and RFC 3758 §3.1: what Chrome and Firefox both announce. Supported
    // Extensions comes first so its padding counts in the chunk length (RFC 9260 §3.2).
    w.put16(PARAM_SUPPORTED_EXTENSIONS);
    w.put16(6);
    w.put8(ChunkType.FORWARD_TSN);
    w.put8(ChunkType.RE_CONFIG);
    w.put16(0);
    w.put16(PARAM_FORWARD_TSN_SUPPORTED);
    w.put16(4);
    if (unrecognized != null) {
      w.put16(PARAM_UNRECOGNIZED);
      w.put16(4 + unrecognized.length);
      w.putBytes(unrecognized, 0, unrecognized.length);
    }
    w.endChunk(c);
    int declared = (tmp[c + 2] & 0xFF) << 8 | (tmp[c + 3] & 0xFF);
    return Arrays.copyOfRange(tmp, c, c + declared);
  }

  private static void padTo4(PacketWriter w, int len) {
    for (int i = len; (i & 3) != 0; i++) {
      w.put8(0);
    }
  }

  /** Values read from an INIT or INIT-ACK. */
  private static final class InitInfo {
    int tag;
    int rwnd;
    int os;
    int mis;
    int initialTsn;
    byte[] cookie;
    boolean forwardTsn;
    boolean reconfig;
    List<byte[]> unrecognized;
  }

  private InitInfo parseInit(ChunkView c) {
    InitInfo info = new InitInfo();
    info.tag = c.u32(4);
    info.rwnd = c.u32(8);
    info.os = c.u16(12);
    info.mis = c.u16(14);
    info.initialTsn = c.u32(16);
    int at = 20;
    while ((at = c.parameter(at, param)) > 0) {
      int type = param.type();
      switch (type) {
        case PARAM_STATE_COOKIE -> info.cookie = param.copyValue();
        case PARAM_FORWARD_TSN_SUPPORTED -> info.forwardTsn = true;
        case PARAM_SUPPORTED_EXTENSIONS -> {
          for (int i = 4; i < param.length(); i++) {
            int t = param.u8(i);
            if (t == ChunkType.FORWARD_TSN) {
              info.forwardTsn = true;
            } else if (t == ChunkType.RE_CONFIG) {
              info.reconfig = true;
            }
          }
        }
        case 5, 6, 9, 11, 12, 0x8000, 0x8001, 0x8002, 0x8003, 0x8004 -> {
          // IPv4/IPv6 addresses, cookie preservative, host name, supported address types, RFC 4895
          // AUTH and RFC 9653 zero-checksum parameters: meaningless over DTLS, ignored.
        }
        default -> {
          int action = type >>> 14;
          if ((action & 1) == 1) {
            if (info.unrecognized == null) {
              info.unrecognized = new ArrayList<>();
            }
            info.unrecognized.add(param.copy());
          }
          if ((action & 2) == 0) {
            return info; // §3.2.1: 00 and 01 stop processing further parameters
          }
        }
      }
    }
    return info;
  }

  private void onInit(long vtag, boolean alone) {
    // §8.5.1 (A): INIT travels with tag 0 and alone in its packet.
    if (vtag != 0 || !alone || chunk.length() < 20) {
      drop(vtag != 0 ? DropReason.BAD_VERIFICATION_TAG : DropReason.MALFORMED_CHUNK);
      return;
    }
    InitInfo in = parseInit(chunk);
    if (in.tag == 0 || in.os == 0 || in.mis == 0) {
      drop(DropReason.MALFORMED_CHUNK); // §3.3.2: silently discard
      return;
    }
    int localTag;
    int localTsn;
    int tieLocal = 0;
    int tiePeer = 0;
    switch (state) {
      case CLOSED -> {
        localTag = nonZeroRandom();
        localTsn = random.nextInt();
      }
      case COOKIE_WAIT, COOKIE_ECHOED -> {
        // §5.2.1: answer a crossing INIT with our original tag and TSN, stay in this state.
        localTag = myTag;
        localTsn = myInitialTsn;
      }
      case SHUTDOWN_ACK_SENT -> {
        // §9.2: resend SHUTDOWN-ACK instead.
        queueShutdownAck();
        return;
      }
      default -> {
        // §5.2.2: an INIT in an established association: new tag, with tie-tags.
        localTag = nonZeroRandom();
        localTsn = random.nextInt();
        tieLocal = myTag;
        tiePeer = peerTag;
      }
    }
    int features =
        (in.forwardTsn ? StateCookie.FEATURE_FORWARD_TSN : 0)
            | (in.reconfig ? StateCookie.FEATURE_RECONFIG : 0);
    byte[] cookie =
        cookies.create(
            new StateCookie.Contents(
                now,
                config.cookieLifetimeMs(),
                localTag,
                in.tag,
                localTsn,
                in.initialTsn,
                in.rwnd,
                in.os,
                in.mis,
                features,
                tieLocal,
                tiePeer));
    byte[] unrec = null;
    if (in.unrecognized != null) {
      int n = 0;
      for (byte[] p : in.unrecognized) {
        n += PacketWriter.padded(p.length);
      }
      unrec = new byte[n];
      int at = 0;
      for (byte[] p : in.unrecognized) {
        System.arraycopy(p, 0, unrec, at, p.length);
        at += PacketWriter.padded(p.length);
      }
    }
    control.add(
        new Control(
            in.tag, encodeInit(ChunkType.INIT_ACK, localTag, localTsn, cookie, unrec), true));
  }

  private void onInitAck(boolean alone) {
    if (state != AssociationState.COOKIE_WAIT) {
      drop(DropReason.UNEXPECTED_CHUNK); // §5.2.3: discard
      return;
    }
    if (!alone || chunk.length() < 20) {
      drop(DropReason.MALFORMED_CHUNK);
      return;
    }
    InitInfo in = parseInit(chunk);
    if (in.tag == 0 || in.os == 0 || in.mis == 0 || in.cookie == null) {
      drop(DropReason.MALFORMED_CHUNK);
      return;
    }
    setupTcb(in.tag, in.initialTsn, in.rwnd, in.os, in.mis, in.forwardTsn, in.reconfig);
    cookieToEcho = buildCookieEcho(in.cookie);
    control.add(new Control(peerTag, cookieToEcho, false));
    if (in.unrecognized != null) {
      for (byte[] p : in.unrecognized) {
        control.add(new Control(peerTag, errorChunk(CAUSE_UNRECOGNIZED_PARAMETERS, p), false));
      }
    }
    initRetransmits = 0;
    t1 = now + rto;
    transition(AssociationState.COOKIE_ECHOED, "INIT-ACK received, COOKIE-ECHO sent");
  }

  private static byte[] buildCookieEcho(byte[] cookie) {
    byte[] c = new byte[4 + cookie.length];
    c[0] = (byte) ChunkType.COOKIE_ECHO;
    c[2] = (byte) (c.length >>> 8);
    c[3] = (byte) c.length;
    System.arraycopy(cookie, 0, c, 4, cookie.length);
    return c;
  }

  private void setupTcb(
      int peerTagValue,
      int peerInitialTsn,
      int rwnd,
      int os,
      int mis,
      boolean fwd,
      boolean reconf) {
    haveTcb = true;
    peerTag = peerTagValue;
    peerForwardTsn = fwd;
    peerReconfig = reconf;
    outboundStreams = Math.min(config.outboundStreams(), mis);
    inboundStreams = Math.min(config.inboundStreams(), os);
    receive =
        new ReceiveQueue(
            new ReceiveQueue.Sink() {
              @Override
              public void message(int stream, int ppid, byte[] data) {
                listener.message(stream, ppid, data);
              }

              @Override
              public void incomingStreamsReset(int[] streams) {
                listener.incomingStreamsReset(streams);
              }
            },
            config.receiveBufferSize(),
            config.maxMessageSize(),
            inboundStreams);
    receive.init(peerInitialTsn);
    receive.setUpperHeld(upperHeld);
    lastAdvertisedWindow = receive.advertisedWindow();
    nextTsn = myInitialTsn & 0xFFFF_FFFFL;
    cumAck = nextTsn - 1;
    myReconfigSeq = nextTsn;
    peerReconfigExpected = peerInitialTsn & 0xFFFF_FFFFL;
    lastPeerReconfigResult = -1;
    peerRwnd = rwnd;
    // §7.2.1: initial cwnd = min(4*MTU, max(2*MTU, 4404)); ssthresh = the peer's a_rwnd.
    cwnd = Math.min(4 * mtu, Math.max(2 * mtu, 4404));
    ssthresh = rwnd;
  }

  private void onCookieEcho(int vtag) {
    byte[] raw = chunk.copy(4, chunk.length() - 4);
    StateCookie.Opened opened = cookies.open(raw, now);
    if (opened.check() == StateCookie.Check.MALFORMED
        || opened.check() == StateCookie.Check.BAD_MAC) {
      drop(DropReason.BAD_COOKIE);
      throw new StopPacket();
    }
    StateCookie.Contents c = opened.contents();
    if (vtag != c.localTag()) {
      drop(DropReason.BAD_VERIFICATION_TAG); // §8.5.1: the tag must be the one the cookie holds
      throw new StopPacket();
    }
    boolean stale = opened.check() == StateCookie.Check.STALE;
    if (!haveTcb) {
      if (stale) {
        sendStaleCookieError(c, opened.stalenessMicros());
        return;
      }
      myTag = c.localTag();
      myInitialTsn = c.localInitialTsn();
      adoptCookie(c);
      establish("COOKIE-ECHO received");
      control.add(new Control(peerTag, new byte[] {(byte) ChunkType.COOKIE_ACK, 0, 0, 4}, false));
      return;
    }
    // §5.2.4: a COOKIE-ECHO while a TCB exists.
    boolean localMatch = c.localTag() == myTag;
    boolean peerMatch = state != AssociationState.COOKIE_WAIT && c.peerTag() == peerTag;
    boolean tiesMatch = c.localTieTag() == myTag && c.peerTieTag() == peerTag;
    if (!localMatch && !peerMatch && tiesMatch) {
      if (stale) {
        sendStaleCookieError(c, opened.stalenessMicros());
        return;
      }
      // Action A: the peer restarted. We do not resume a restarted association: data channels
      // cannot survive it anyway (their DCEP state is gone on the peer), so report it.
      terminate(CloseReason.PEER_RESTARTED, "peer restarted the association (RFC 9260 §5.2.4 A)");
      return;
    }
    if (localMatch && !peerMatch) {
      // Action B: INIT collision; take the peer's tag from the cookie.
      if (state == AssociationState.SHUTDOWN_ACK_SENT) {
        control.add(new Control(c.peerTag(), errorChunk(10, new byte[0]), false));
        return;
      }
      adoptCookie(c);
      if (state == AssociationState.COOKIE_WAIT || state == AssociationState.COOKIE_ECHOED) {
        establish("COOKIE-ECHO during INIT collision (§5.2.4 B)");
      }
      control.add(new Control(peerTag, new byte[] {(byte) ChunkType.COOKIE_ACK, 0, 0, 4}, false));
      return;
    }
    if (!localMatch && peerMatch && c.localTieTag() == 0 && c.peerTieTag() == 0) {
      drop(DropReason.UNEXPECTED_CHUNK); // Action C
      return;
    }
    if (localMatch && peerMatch) {
      // Action D.
      if (state == AssociationState.COOKIE_ECHOED) {
        establish("COOKIE-ECHO during INIT collision (§5.2.4 D)");
      }
      control.add(new Control(peerTag, new byte[] {(byte) ChunkType.COOKIE_ACK, 0, 0, 4}, false));
      return;
    }
    drop(DropReason.UNEXPECTED_CHUNK);
  }

  private void adoptCookie(StateCookie.Contents c) {
    if (state == AssociationState.ESTABLISHED
        || state.ordinal() > AssociationState.ESTABLISHED.ordinal()) {
      peerTag = c.peerTag(); // §5.2.4 B in an open association: only the peer's tag changes
      return;
    }
    setupTcb(
        c.peerTag(),
        c.peerInitialTsn(),
        c.peerRwnd(),
        c.peerOutboundStreams(),
        c.peerInboundStreams(),
        (c.peerFeatures() & StateCookie.FEATURE_FORWARD_TSN) != 0,
        (c.peerFeatures() & StateCookie.FEATURE_RECONFIG) != 0);
  }

  private void sendStaleCookieError(StateCookie.Contents c, long micros) {
    drop(DropReason.STALE_COOKIE);
    byte[] measure = new byte[4];
    int m = (int) Math.min(micros, 0xFFFF_FFFFL);
    measure[0] = (byte) (m >>> 24);
    measure[1] = (byte) (m >>> 16);
    measure[2] = (byte) (m >>> 8);
    measure[3] = (byte) m;
    queueOptional(new Control(c.peerTag(), errorChunk(CAUSE_STALE_COOKIE, measure), false));
  }

  private void onCookieAck() {
    if (state == AssociationState.ESTABLISHED) {
      return; // after an INIT collision the COOKIE-ACK may come after we established (§5.2.4 D)
    }
    if (state != AssociationState.COOKIE_ECHOED) {
      drop(DropReason.UNEXPECTED_CHUNK);
      return;
    }
    establish("COOKIE-ACK received");
  }

  private void establish(String reason) {
    t1 = Long.MAX_VALUE;
    cookieToEcho = null;
    errorCount = 0;
    transition(AssociationState.ESTABLISHED, reason);
    scheduleHeartbeat();
    listener.established();
  }

  // ------------------------------------------------------------------ inbound

  /** A control-flow signal: stop processing the current packet. */
  private static final class StopPacket extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StopPacket() {
      super(null, null, false, false);
    }
  }

  void handleInbound(byte[] buf, int off, int len, long nowMs) {
    now = nowMs;
    burstPackets = 0;
    packetsReceived++;
    bytesReceived += Math.max(0, len);
    if (!packet.wrap(buf, off, len)) {
      drop(terminated ? DropReason.AFTER_CLOSE : DropReason.TRUNCATED_PACKET);
      return;
    }
    if (terminated) {
      drop(DropReason.AFTER_CLOSE);
      // §8.4 item 5: a SHUTDOWN-ACK after we closed (our SHUTDOWN-COMPLETE was lost) is answered
      // with SHUTDOWN-COMPLETE, T bit set, carrying the packet's own tag, so the peer can close.
      if (crc.verify(buf, off, len)
          && packet.nextChunk(chunk) == SctpPacket.CHUNK
          && chunk.type() == ChunkType.SHUTDOWN_ACK
          && control.size() < MAX_OPTIONAL_CONTROL) {
        control.add(
            new Control(
                packet.verificationTag(),
                new byte[] {(byte) ChunkType.SHUTDOWN_COMPLETE, 1, 0, 4},
                true));
      }
      return;
    }
    if (!crc.verify(buf, off, len)) {
      drop(DropReason.BAD_CHECKSUM);
      return;
    }
    if (packet.sourcePort() != config.remotePort()
        || packet.destinationPort() != config.localPort()) {
      drop(DropReason.BAD_PORT);
      return;
    }
    // First pass: every chunk length must fit, and find the chunks that must travel alone.
    int count = 0;
    int firstType = -1;
    int r;
    while ((r = packet.nextChunk(chunk)) == SctpPacket.CHUNK) {
      if (count == 0) {
        firstType = chunk.type();
      }
      count++;
    }
    if (r == SctpPacket.MALFORMED || count == 0) {
      drop(DropReason.MALFORMED_CHUNK);
      return;
    }
    boolean alone = count == 1;
    int vtag = packet.verificationTag();
    if (firstType == ChunkType.INIT) {
      packet.rewind();
      packet.nextChunk(chunk);
      try {
        onInit(vtag, alone);
      } catch (MalformedChunkException e) {
        drop(DropReason.MALFORMED_CHUNK);
      }
      return;
    }
    if (state == AssociationState.CLOSED && !haveTcb && firstType != ChunkType.COOKIE_ECHO) {
      onOutOfTheBlue(firstType, vtag);
      return;
    }
    packet.rewind();
    boolean sawData = false;
    boolean first = true;
    try {
      while (packet.nextChunk(chunk) == SctpPacket.CHUNK) {
        int type = chunk.type();
        if (terminated) {
          drop(DropReason.AFTER_CLOSE); // e.g. chunks bundled after an ABORT
          return;
        }
        if (!tagAcceptable(type, vtag, first)) {
          drop(DropReason.BAD_VERIFICATION_TAG);
          return;
        }
        first = false;
        switch (type) {
          case ChunkType.DATA -> sawData |= onData();
          case ChunkType.SACK -> onSack();
          case ChunkType.INIT -> drop(DropReason.MALFORMED_CHUNK); // INIT must be alone (§6.10)
          case ChunkType.INIT_ACK -> onInitAck(alone);
          case ChunkType.COOKIE_ECHO -> onCookieEcho(vtag);
          case ChunkType.COOKIE_ACK -> onCookieAck();
          case ChunkType.HEARTBEAT -> onHeartbeat();
          case ChunkType.HEARTBEAT_ACK -> onHeartbeatAck();
          case ChunkType.ABORT -> onAbort();
          case ChunkType.SHUTDOWN -> onShutdown();
          case ChunkType.SHUTDOWN_ACK -> onShutdownAck();
          case ChunkType.SHUTDOWN_COMPLETE -> onShutdownComplete();
          case ChunkType.ERROR -> onError();
          case ChunkType.FORWARD_TSN -> sawData |= onForwardTsn();
          case ChunkType.RE_CONFIG -> onReconfig();
          default -> {
            if (!onUnknownChunk(type)) {
              return;
            }
          }
        }
      }
    } catch (MalformedChunkException e) {
      drop(DropReason.MALFORMED_CHUNK);
      LOG.log(Level.DEBUG, "sctp: malformed chunk dropped: {0}", e.getMessage());
    } catch (StopPacket e) {
      // counted where raised
    } finally {
      if (sawData) {
        afterDataPacket();
      }
    }
  }

  /** §8.5 and §8.5.1: which Verification Tag each chunk type must carry. */
  private boolean tagAcceptable(int type, int vtag, boolean first) {
    switch (type) {
      case ChunkType.COOKIE_ECHO:
        return first; // checked against the cookie itself (§5.2.4)
      case ChunkType.ABORT:
      case ChunkType.SHUTDOWN_COMPLETE:
        return (chunk.flags() & 1) != 0 ? vtag == peerTag && haveTcb : vtag == myTag;
      default:
        return state != AssociationState.CLOSED && vtag == myTag;
    }
  }

  /** §8.4: a packet for which we have no association. */
  private void onOutOfTheBlue(int type, int vtag) {
    drop(DropReason.OUT_OF_THE_BLUE);
    switch (type) {
      case ChunkType.ABORT, ChunkType.SHUTDOWN_COMPLETE, ChunkType.COOKIE_ACK, ChunkType.ERROR -> {
        // §8.4 items 2, 6, 7: silently discard
      }
      case ChunkType.SHUTDOWN_ACK ->
          control.add(
              new Control(vtag, new byte[] {(byte) ChunkType.SHUTDOWN_COMPLETE, 1, 0, 4}, true));
      default -> {
        // §8.4 item 8: ABORT with the T bit, reflecting the packet's tag. Only while we have never
        // had an association: after we connect, stray packets are just counted.
        if (state == AssociationState.CLOSED && !terminated && vtag != 0) {
          control.add(new Control(vtag, new byte[] {(byte) ChunkType.ABORT, 1, 0, 4}, false));
        }
      }
    }
  }

  /** §3.2: the two upper bits of an unknown chunk type say what to do. False: stop the packet. */
  private boolean onUnknownChunk(int type) {
    drop(DropReason.UNKNOWN_CHUNK);
    int action = type >>> 6;
    if ((action & 1) == 1 && haveTcb) {
      queueOptional(
          new Control(peerTag, errorChunk(CAUSE_UNRECOGNIZED_CHUNK, chunk.copyChunk()), false));
    }
    return (action & 2) != 0;
  }

  /**
   * Queues a reply the protocol does not depend on (ERROR reports, HEARTBEAT-ACK) unless many
   * control chunks are already waiting: a peer cannot make us buffer without bound.
   */
  private void queueOptional(Control c) {
    if (control.size() < MAX_OPTIONAL_CONTROL) {
      control.add(c);
    }
  }

  private byte[] errorChunk(int cause, byte[] info) {
    return causeChunk(ChunkType.ERROR, 0, cause, info);
  }

  private static byte[] causeChunk(int chunkType, int flags, int cause, byte[] info) {
    int causeLen = 4 + info.length;
    byte[] c = new byte[4 + PacketWriter.padded(causeLen)];
    int chunkLen = 4 + causeLen;
    c[0] = (byte) chunkType;
    c[1] = (byte) flags;
    c[2] = (byte) (chunkLen >>> 8);
    c[3] = (byte) chunkLen;
    c[4] = (byte) (cause >>> 8);
    c[5] = (byte) cause;
    c[6] = (byte) (causeLen >>> 8);
    c[7] = (byte) causeLen;
    System.arraycopy(info, 0, c, 8, info.length);
    return Arrays.copyOf(c, chunkLen);
  }

  // ------------------------------------------------------------------ DATA and SACK

  /** Returns true when the chunk counts as DATA for the acknowledgement rules. */
  private boolean onData() {
    if (state != AssociationState.ESTABLISHED
        && state != AssociationState.SHUTDOWN_PENDING
        && state != AssociationState.SHUTDOWN_SENT) {
      drop(DropReason.UNEXPECTED_CHUNK); // §9.2: no new data after SHUTDOWN was received
      return false;
    }
    int len = chunk.length();
    if (len < DATA_HEADER) {
      throw new MalformedChunkException("DATA shorter than its header");
    }
    int tsn = chunk.u32(4);
    if (len == DATA_HEADER) {
      // §6.2: a DATA chunk with no user data: ABORT with "No User Data".
      byte[] t = {(byte) (tsn >>> 24), (byte) (tsn >>> 16), (byte) (tsn >>> 8), (byte) tsn};
      abortWith(CAUSE_NO_USER_DATA, t, CloseReason.PROTOCOL_VIOLATION, "DATA without user data");
      throw new StopPacket();
    }
    int flags = chunk.flags();
    int stream = chunk.u16(8);
    int ssn = chunk.u16(10);
    int ppid = chunk.u32(12);
    // The payload stays in the caller's packet buffer; ReceiveQueue copies what it keeps.
    int payloadLen = len - DATA_HEADER;
    int payloadAt = chunk.arrayOffset(DATA_HEADER, payloadLen);
    ReceiveQueue.Result res =
        receive.onData(tsn, stream, ssn, ppid, flags, chunk.array(), payloadAt, payloadLen);
    switch (res) {
      case DUPLICATE -> sackNow = true; // §6.2: duplicates are reported at once
      case INVALID_STREAM -> {
        byte[] info = {(byte) (stream >>> 8), (byte) stream, 0, 0};
        queueOptional(new Control(peerTag, errorChunk(CAUSE_INVALID_STREAM, info), false));
      }
      case NEW, DROPPED_WINDOW -> {}
    }
    if ((flags & ReceiveQueue.FLAG_I) != 0) {
      sackNow = true; // RFC 7053: the sender asked for an immediate SACK
    }
    return true;
  }

  private void afterDataPacket() {
    sackPending = true;
    dataPacketsSinceSack++;
    // §6.2: SACK at least every second packet with DATA; at once when there are gaps (§6.7).
    if (dataPacketsSinceSack >= 2 || receive.hasGaps()) {
      sackNow = true;
    }
    if (state == AssociationState.SHUTDOWN_SENT) {
      // §9.2: answer DATA while in SHUTDOWN-SENT with a SACK and a SHUTDOWN at once.
      sackNow = true;
      queueShutdown();
    }
    if (!sackNow && sackTimer == Long.MAX_VALUE) {
      sackTimer = now + config.delayedAckMs();
    }
  }

  private void onSack() {
    if (state != AssociationState.ESTABLISHED
        && state != AssociationState.SHUTDOWN_PENDING
        && state != AssociationState.SHUTDOWN_SENT
        && state != AssociationState.SHUTDOWN_RECEIVED) {
      drop(DropReason.UNEXPECTED_CHUNK);
      return;
    }
    long cum = Serial.unwrap32(chunk.u32(4), cumAck);
    int arwnd = chunk.u32(8);
    int gaps = chunk.u16(12);
    int dupCount = chunk.u16(14);
    if (16 + 4 * gaps + 4 * dupCount > chunk.length()) {
      throw new MalformedChunkException("SACK counts past its length");
    }
    if (cum < cumAck) {
      return; // §6.2.1 D i): a SACK older than one already processed (reordering): ignore
    }
    if (cum >= nextTsn) {
      drop(DropReason.BAD_SACK); // acknowledges TSNs we never sent
      return;
    }
    int flightBefore = flightSize;
    boolean cumAdvanced = cum > cumAck;
    t3Hold = false;
    int bytesNewlyAcked = 0;
    long highestNewlyAcked = -1;
    OutChunk rttSample = null;
    while (!inflight.isEmpty() && inflight.peekFirst().tsn <= cum) {
      OutChunk c = pollInflight();
      if (c.state == STATE_OPEN_SEND) {
        flightSize -= c.length;
      }
      if (c.state != GAP_ACKED && c.state != ABANDONED) {
        bytesNewlyAcked += c.length;
        highestNewlyAcked = c.tsn;
        if (c.sendCount == 1) {
          rttSample = c; // Karn: only chunks sent once
        }
      }
    }
    cumAck = cum;
    // Gap blocks (§3.3.4), offsets relative to the cumulative TSN ack.
    for (OutChunk c : gaps == 0 && gapAckedCount == 0 ? List.<OutChunk>of() : inflight) {
      boolean inBlock = false;
      for (int i = 0; i < gaps; i++) {
        long start = cum + chunk.u16(16 + 4 * i);
        long end = cum + chunk.u16(18 + 4 * i);
        if (c.tsn >= start && c.tsn <= end) {
          inBlock = true;
          break;
        }
      }
      if (inBlock && (c.state == STATE_OPEN_SEND || c.state == TO_RETRANSMIT)) {
        if (c.state == STATE_OPEN_SEND) {
          flightSize -= c.length;
        }
        setState(c, GAP_ACKED);
        bytesNewlyAcked += c.length;
        if (c.tsn > highestNewlyAcked) {
          highestNewlyAcked = c.tsn;
        }
        if (c.sendCount == 1 && (rttSample == null || c.tsn > rttSample.tsn)) {
          rttSample = c;
        }
      } else if (!inBlock && c.state == GAP_ACKED) {
        // The peer reneged (§6.2.1): the chunk is outstanding again.
        setState(c, STATE_OPEN_SEND);
        flightSize += c.length;
      }
    }
    if (rttSample != null) {
      measureRtt(now - rttSample.sentAtMs);
    }
    if (bytesNewlyAcked > 0) {
      errorCount = 0; // §8.3: any acknowledged DATA resets the error counter
    }
    // §6.2.1: rwnd = a_rwnd minus bytes still in flight.
    peerRwnd = Math.max(0, arwnd - flightSize);
    // Fast retransmit (§7.2.4): count miss indications below the highest newly acked TSN.
    boolean newlyMarked = false;
    if (highestNewlyAcked >= 0) {
      for (OutChunk c : inflight) {
        if (c.tsn >= highestNewlyAcked) {
          break;
        }
        if (c.state == STATE_OPEN_SEND && !c.fastRetransmitted && ++c.misses >= 3) {
          c.misses = 0;
          c.fastRetransmitted = true;
          setState(c, TO_RETRANSMIT);
          flightSize -= c.length;
          fastRetransmits++;
          newlyMarked = true;
          maybeAbandon(c);
        }
      }
    }
    flushPlaceholders();
    if (fastRecovery && cumAck >= fastRecoveryExit) {
      fastRecovery = false;
    }
    if (newlyMarked) {
      if (!fastRecovery) {
        // §7.2.3 and §7.2.4 step 2: halve, enter Fast Recovery until everything outstanding now
        // is acknowledged.
        ssthresh = Math.max(cwnd / 2, 4 * mtu);
        cwnd = ssthresh;
        partialBytesAcked = 0;
        fastRecovery = true;
        fastRecoveryExit = nextTsn - 1;
      }
      fastRetransmitNow = true;
    } else if (cumAdvanced && !fastRecovery) {
      growCwnd(bytesNewlyAcked, flightBefore);
    }
    // T3-rtx (§6.3.2 R2/R3).
    if (!hasOutstanding()) {
      t3 = Long.MAX_VALUE;
    } else if (cumAdvanced) {
      t3 = now + rto;
    }
    updateForwardTsnPoint();
    if (state == AssociationState.SHUTDOWN_PENDING && pending.isEmpty() && inflight.isEmpty()) {
      queueShutdown();
      transition(AssociationState.SHUTDOWN_SENT, "all data acknowledged");
    } else if (state == AssociationState.SHUTDOWN_RECEIVED
        && pending.isEmpty()
        && inflight.isEmpty()) {
      queueShutdownAck();
    }
  }

  private void growCwnd(int bytesAcked, int flightBefore) {
    boolean fullyUsed = flightBefore + mtu > cwnd;
    if (cwnd <= ssthresh) {
      // §7.2.1 slow start: at most one MTU per SACK, only when cwnd was used.
      if (fullyUsed) {
        cwnd += Math.min(bytesAcked, mtu);
      }
    } else {
      // §7.2.2 congestion avoidance: one MTU per cwnd of acknowledged bytes.
      partialBytesAcked += bytesAcked;
      if (partialBytesAcked >= cwnd && fullyUsed) {
        partialBytesAcked -= cwnd;
        cwnd += mtu;
      }
      if (flightSize == 0) {
        partialBytesAcked = 0;
      }
    }
  }

  private boolean hasOutstanding() {
    for (OutChunk c : inflight) {
      if (c.state != GAP_ACKED) {
        return true;
      }
    }
    return false;
  }

  /** §6.3.1: RTO from SRTT and RTTVAR with alpha 1/8, beta 1/4, clamped to [min, max]. */
  private void measureRtt(long r) {
    if (r < 0) {
      return;
    }
    if (!haveRtt) {
      srtt = r;
      rttvar = r / 2.0;
      haveRtt = true;
    } else {
      rttvar = 0.75 * rttvar + 0.25 * Math.abs(srtt - r);
      srtt = 0.875 * srtt + 0.125 * r;
    }
    long value = (long) Math.ceil(srtt + 4 * Math.max(rttvar, 1.0));
    rto = Math.max(config.rtoMinMs(), Math.min(config.rtoMaxMs(), value));
  }

  // ------------------------------------------------------------------ partial reliability

  /** RFC 3758 §3.5 A2/A3: abandon a message whose retransmissions or lifetime ran out. */
  private boolean maybeAbandon(OutChunk c) {
    OutMessage m = c.msg;
    if (!peerForwardTsn || m.abandoned) {
      return m.abandoned;
    }
    boolean over = m.maxRetransmits >= 0 && c.sendCount > m.maxRetransmits;
    if (over || now >= m.expiresAtMs) {
      abandon(m);
      return true;
    }
    return false;
  }

  private void abandon(OutMessage m) {
    m.abandoned = true;
    abandonedMessages++;
    for (OutChunk c : inflight) {
      if (c.msg == m && c.state != ABANDONED) {
        if (c.state == STATE_OPEN_SEND) {
          flightSize -= c.length;
        }
        setState(c, ABANDONED);
      }
    }
    if (m.nextOffset < m.data.length) {
      // Part of the message never got a TSN: give its end one TSN that is never sent, so the
      // FORWARD-TSN moves past the whole message and the receiver frees the fragments it has.
      int rest = m.data.length - m.nextOffset;
      OutChunk end =
          new OutChunk(nextTsn++, m, m.data.length, 0, ReceiveQueue.FLAG_E | (m.unordered ? 4 : 0));
      setState(end, ABANDONED);
      placeholders.add(end);
      m.nextOffset = m.data.length;
      pending.remove(m);
      pendingPerStream[m.stream]--;
      bufferedBytes -= rest;
      listener.bytesLeftBuffer(m.stream, m.ppid, rest);
    }
    forwardTsnNeeded = true;
  }

  /** Appends end placeholders made by {@link #abandon} while {@code inflight} was iterated. */
  private void flushPlaceholders() {
    if (!placeholders.isEmpty()) {
      inflight.addAll(placeholders);
      placeholders.clear();
    }
  }

  /** RFC 3758 §3.5 C1-C3: advance the peer ack point over abandoned chunks. */
  private void updateForwardTsnPoint() {
    if (!peerForwardTsn) {
      return;
    }
    OutChunk head = inflight.peekFirst();
    if (head != null && head.state == ABANDONED) {
      forwardTsnNeeded = true;
    } else {
      forwardTsnNeeded = false;
    }
  }

  private byte[] buildForwardTsn() {
    long point = cumAck;
    // Highest SSN abandoned per ordered stream.
    java.util.TreeMap<Integer, Integer> ssns = new java.util.TreeMap<>();
    for (OutChunk c : inflight) {
      if (c.state != ABANDONED || c.tsn != point + 1) {
        break;
      }
      point = c.tsn;
      if (!c.msg.unordered && c.msg.ssn >= 0) {
        ssns.put(c.msg.stream, c.msg.ssn);
      }
    }
    if (point == cumAck) {
      return null;
    }
    int len = 8 + 4 * ssns.size();
    byte[] out = new byte[len];
    out[0] = (byte) ChunkType.FORWARD_TSN;
    out[2] = (byte) (len >>> 8);
    out[3] = (byte) len;
    int p = point32(point, out, 4);
    for (var e : ssns.entrySet()) {
      out[p] = (byte) (e.getKey() >>> 8);
      out[p + 1] = (byte) (int) e.getKey();
      out[p + 2] = (byte) (e.getValue() >>> 8);
      out[p + 3] = (byte) (int) e.getValue();
      p += 4;
    }
    return out;
  }

  private static int point32(long v, byte[] out, int p) {
    out[p] = (byte) (v >>> 24);
    out[p + 1] = (byte) (v >>> 16);
    out[p + 2] = (byte) (v >>> 8);
    out[p + 3] = (byte) v;
    return p + 4;
  }

  private boolean onForwardTsn() {
    if (state != AssociationState.ESTABLISHED
        && state != AssociationState.SHUTDOWN_PENDING
        && state != AssociationState.SHUTDOWN_SENT) {
      drop(DropReason.UNEXPECTED_CHUNK);
      return false;
    }
    int len = chunk.length();
    if (len < 8 || (len - 8) % 4 != 0) {
      throw new MalformedChunkException("FORWARD-TSN length " + len);
    }
    int pairs = (len - 8) / 4;
    int[] sids = new int[pairs];
    int[] ssns = new int[pairs];
    for (int i = 0; i < pairs; i++) {
      sids[i] = chunk.u16(8 + 4 * i);
      ssns[i] = chunk.u16(10 + 4 * i);
    }
    if (!receive.onForwardTsn(chunk.u32(4), sids, ssns, pairs)) {
      sackNow = true; // §3.6: a FORWARD-TSN that moves nothing is answered at once
    }
    return true;
  }

  // ------------------------------------------------------------------ heartbeats, abort, error

  private void onHeartbeat() {
    if (chunk.length() < 8) {
      throw new MalformedChunkException("HEARTBEAT without info");
    }
    // §8.3: answer with the Heartbeat Info parameter unchanged.
    byte[] info = chunk.copy(4, chunk.length() - 4);
    byte[] ack = new byte[4 + info.length];
    ack[0] = (byte) ChunkType.HEARTBEAT_ACK;
    ack[2] = (byte) (ack.length >>> 8);
    ack[3] = (byte) ack.length;
    System.arraycopy(info, 0, ack, 4, info.length);
    queueOptional(new Control(peerTag, ack, false));
  }

  private void onHeartbeatAck() {
    if (chunk.length() < 4 + 4 + 16) {
      drop(DropReason.MALFORMED_CHUNK);
      return;
    }
    if (chunk.u16(4) != PARAM_HEARTBEAT_INFO || chunk.u16(6) != 20) {
      drop(DropReason.MALFORMED_CHUNK);
      return;
    }
    long sent = (chunk.u32(8) & 0xFFFF_FFFFL) << 32 | (chunk.u32(12) & 0xFFFF_FFFFL);
    long nonce = (chunk.u32(16) & 0xFFFF_FFFFL) << 32 | (chunk.u32(20) & 0xFFFF_FFFFL);
    if (!heartbeatOutstanding || nonce != heartbeatNonce) {
      drop(DropReason.UNEXPECTED_CHUNK);
      return;
    }
    heartbeatOutstanding = false;
    errorCount = 0;
    measureRtt(now - sent);
  }

  private void scheduleHeartbeat() {
    if (config.heartbeatIntervalMs() <= 0) {
      heartbeatTimer = Long.MAX_VALUE;
      return;
    }
    // §8.3: RTO + HB.interval, jittered by +/- 50% of RTO.
    long jitter = rto <= 1 ? 0 : (long) (random.nextDouble() * rto) - rto / 2;
    heartbeatTimer = now + rto + config.heartbeatIntervalMs() + jitter;
  }

  private void sendHeartbeat() {
    if (heartbeatOutstanding) {
      // The previous one went unanswered (§8.3): count an error, back the RTO off.
      rto = Math.min(config.rtoMaxMs(), rto * 2);
      if (++errorCount > config.maxAssociationRetransmits()) {
        failUnreachable("HEARTBEAT unanswered " + errorCount + " times");
        return;
      }
    }
    heartbeatNonce = random.nextLong();
    heartbeatOutstanding = true;
    heartbeatsSent++;
    byte[] hb = new byte[4 + 20];
    hb[0] = (byte) ChunkType.HEARTBEAT;
    hb[3] = (byte) hb.length;
    hb[5] = (byte) PARAM_HEARTBEAT_INFO;
    hb[7] = 20;
    point32(now >>> 32, hb, 8);
    point32(now, hb, 12);
    point32(heartbeatNonce >>> 32, hb, 16);
    point32(heartbeatNonce, hb, 20);
    control.add(new Control(peerTag, hb, false));
    scheduleHeartbeat();
  }

  private void onAbort() {
    StringBuilder causes = new StringBuilder();
    int at = 4;
    while (at + 4 <= chunk.length()) {
      int code = chunk.u16(at);
      int len = chunk.u16(at + 2);
      if (len < 4) {
        break;
      }
      if (causes.length() > 0) {
        causes.append(", ");
      }
      causes.append("cause ").append(code);
      at += PacketWriter.padded(len);
    }
    terminate(
        CloseReason.ABORTED_BY_PEER,
        causes.length() == 0 ? "ABORT without cause" : "ABORT: " + causes);
  }

  private void onError() {
    if (chunk.length() >= 8
        && chunk.u16(4) == CAUSE_STALE_COOKIE
        && state == AssociationState.COOKIE_ECHOED) {
      // §5.2.6: our cookie went stale; start over with a fresh INIT.
      if (++initRetransmits > config.maxInitRetransmits()) {
        terminate(CloseReason.INIT_FAILED, "stale cookie");
        return;
      }
      haveTcb = false;
      control.add(new Control(0, initChunk, true));
      t1 = now + rto;
      transition(AssociationState.COOKIE_WAIT, "stale cookie error");
      return;
    }
    LOG.log(
        Level.DEBUG,
        "sctp: ERROR chunk from peer, cause {0}",
        chunk.length() >= 6 ? chunk.u16(4) : -1);
  }

  void abort(String reason) {
    if (terminated) {
      return;
    }
    if (haveTcb) {
      byte[] info = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (info.length > 200) {
        info = Arrays.copyOf(info, 200);
      }
      control.clear();
      control.add(
          new Control(peerTag, causeChunk(ChunkType.ABORT, 0, CAUSE_USER_ABORT, info), false));
    }
    terminate(CloseReason.ABORTED_LOCALLY, reason);
  }

  private void abortWith(int cause, byte[] info, CloseReason why, String detail) {
    control.clear();
    control.add(new Control(peerTag, causeChunk(ChunkType.ABORT, 0, cause, info), false));
    terminate(why, detail);
  }

  private void failUnreachable(String detail) {
    byte[] info = detail.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    control.clear();
    control.add(
        new Control(
            peerTag, causeChunk(ChunkType.ABORT, 0, CAUSE_PROTOCOL_VIOLATION, info), false));
    terminate(CloseReason.PEER_UNREACHABLE, detail);
  }

  private void terminate(CloseReason reason, String detail) {
    if (terminated) {
      return;
    }
    transition(AssociationState.CLOSED, reason + ": " + detail);
    terminated = true;
    // Nothing goes out after the end except the ABORT or SHUTDOWN-COMPLETE that ended it.
    control.removeIf(
        c ->
            c.chunk()[0] != (byte) ChunkType.ABORT
                && c.chunk()[0] != (byte) ChunkType.SHUTDOWN_COMPLETE);
    t1 = t2 = t3 = sackTimer = heartbeatTimer = reconfigTimer = Long.MAX_VALUE;
    pending.clear();
    inflight.clear();
    retransmitCount = 0;
    gapAckedCount = 0;
    sackNow = false;
    sackPending = false;
    LOG.log(Level.DEBUG, "sctp association closed: {0} ({1})", reason, detail);
    listener.closed(reason, detail);
  }

  // ------------------------------------------------------------------ shutdown (§9.2)

  void shutdown() {
    if (terminated) {
      return;
    }
    switch (state) {
      case CLOSED -> terminate(CloseReason.SHUTDOWN_COMPLETE, "shutdown before connect");
      case COOKIE_WAIT, COOKIE_ECHOED -> abort("shutdown during handshake");
      case ESTABLISHED -> {
        shutdownRequested = true;
        transition(AssociationState.SHUTDOWN_PENDING, "local shutdown");
        if (pending.isEmpty() && inflight.isEmpty()) {
          queueShutdown();
          transition(AssociationState.SHUTDOWN_SENT, "nothing outstanding");
        }
      }
      default -> {}
    }
  }

  private void queueShutdown() {
    byte[] c = new byte[8];
    c[0] = (byte) ChunkType.SHUTDOWN;
    c[3] = 8;
    point32(receive.cumulativeTsn(), c, 4);
    control.removeIf(x -> x.chunk()[0] == (byte) ChunkType.SHUTDOWN);
    control.add(new Control(peerTag, c, false));
    if (t2 == Long.MAX_VALUE) {
      t2 = now + rto;
    }
  }

  private void queueShutdownAck() {
    control.add(new Control(peerTag, new byte[] {(byte) ChunkType.SHUTDOWN_ACK, 0, 0, 4}, false));
    if (state != AssociationState.SHUTDOWN_ACK_SENT) {
      transition(AssociationState.SHUTDOWN_ACK_SENT, "SHUTDOWN-ACK sent");
    }
    t2 = now + rto;
  }

  private void onShutdown() {
    if (chunk.length() < 8) {
      throw new MalformedChunkException("SHUTDOWN length");
    }
    switch (state) {
      case ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_RECEIVED -> {
        ackFromShutdown(chunk.u32(4));
        transition(AssociationState.SHUTDOWN_RECEIVED, "SHUTDOWN received");
        if (pending.isEmpty() && inflight.isEmpty()) {
          queueShutdownAck();
        }
      }
      case SHUTDOWN_SENT -> {
        // §9.2: shutdown collision: answer with SHUTDOWN-ACK.
        ackFromShutdown(chunk.u32(4));
        control.removeIf(x -> x.chunk()[0] == (byte) ChunkType.SHUTDOWN);
        queueShutdownAck();
      }
      default -> drop(DropReason.UNEXPECTED_CHUNK);
    }
  }

  /** The Cumulative TSN Ack in a SHUTDOWN acknowledges like a SACK without gaps (§9.2). */
  private void ackFromShutdown(int cum32) {
    long cum = Serial.unwrap32(cum32, cumAck);
    if (cum < cumAck || cum >= nextTsn) {
      return;
    }
    while (!inflight.isEmpty() && inflight.peekFirst().tsn <= cum) {
      OutChunk c = pollInflight();
      if (c.state == STATE_OPEN_SEND) {
        flightSize -= c.length;
      }
    }
    cumAck = cum;
    if (!hasOutstanding()) {
      t3 = Long.MAX_VALUE;
    }
  }

  private void onShutdownAck() {
    if (state == AssociationState.SHUTDOWN_SENT || state == AssociationState.SHUTDOWN_ACK_SENT) {
      control.clear();
      control.add(
          new Control(peerTag, new byte[] {(byte) ChunkType.SHUTDOWN_COMPLETE, 0, 0, 4}, true));
      terminate(CloseReason.SHUTDOWN_COMPLETE, "SHUTDOWN-ACK received");
    } else {
      drop(DropReason.UNEXPECTED_CHUNK);
    }
  }

  private void onShutdownComplete() {
    if (state == AssociationState.SHUTDOWN_ACK_SENT) {
      terminate(CloseReason.SHUTDOWN_COMPLETE, "SHUTDOWN-COMPLETE received");
    } else {
      drop(DropReason.UNEXPECTED_CHUNK);
    }
  }

  // ------------------------------------------------------------------ stream reset (RFC 6525)

  /** Asks for an Outgoing SSN Reset of {@code stream} once its queued messages have TSNs. */
  void resetOutgoingStream(int stream) {
    if (terminated) {
      return;
    }
    if (!peerReconfig) {
      listener.outgoingStreamsReset(new int[] {stream});
      return;
    }
    resetWanted.add(stream);
  }

  private void maybeSendResetRequest() {
    if (outstandingReset != null
        || resetWanted.isEmpty()
        || state != AssociationState.ESTABLISHED) {
      return;
    }
    List<Integer> ready = new ArrayList<>();
    for (int s : resetWanted) {
      if (s >= pendingPerStream.length || pendingPerStream[s] == 0) {
        ready.add(s);
      }
    }
    if (ready.isEmpty()) {
      return;
    }
    int n = Math.min(ready.size(), (mtu - 64) / 2);
    int[] streams = new int[n];
    for (int i = 0; i < n; i++) {
      streams[i] = ready.get(i);
      resetWanted.remove(streams[i]);
    }
    outstandingReset = streams;
    outstandingResetSeq = myReconfigSeq++;
    long responseSeq = implicitResponseSeq >= 0 ? implicitResponseSeq : peerReconfigExpected - 1;
    implicitResponseSeq = -1;
    int plen = 16 + 2 * n;
    byte[] c = new byte[4 + PacketWriter.padded(plen)];
    int clen = 4 + plen;
    c[0] = (byte) ChunkType.RE_CONFIG;
    c[2] = (byte) (clen >>> 8);
    c[3] = (byte) clen;
    c[4] = 0;
    c[5] = (byte) PARAM_OUTGOING_SSN_RESET;
    c[6] = (byte) (plen >>> 8);
    c[7] = (byte) plen;
    point32(outstandingResetSeq, c, 8);
    point32(responseSeq, c, 12);
    point32(nextTsn - 1, c, 16); // Sender's Last Assigned TSN
    for (int i = 0; i < n; i++) {
      c[20 + 2 * i] = (byte) (streams[i] >>> 8);
      c[21 + 2 * i] = (byte) streams[i];
    }
    outstandingResetChunk = Arrays.copyOf(c, clen);
    control.add(new Control(peerTag, outstandingResetChunk, false));
    reconfigTimer = now + rto;
  }

  private void onReconfig() {
    if (state != AssociationState.ESTABLISHED
        && state != AssociationState.SHUTDOWN_PENDING
        && state != AssociationState.SHUTDOWN_SENT
        && state != AssociationState.SHUTDOWN_RECEIVED) {
      drop(DropReason.UNEXPECTED_CHUNK);
      return;
    }
    int at = 4;
    while ((at = chunk.parameter(at, param)) > 0) {
      switch (param.type()) {
        case PARAM_OUTGOING_SSN_RESET -> {
          if (param.length() < 16 || (param.length() - 16) % 2 != 0) {
            throw new MalformedChunkException("Outgoing SSN Reset Request length");
          }
          long seq = Serial.unwrap32(param.u32(4), peerReconfigExpected);
          int lastTsn = param.u32(12);
          int[] sids = new int[(param.length() - 16) / 2];
          for (int i = 0; i < sids.length; i++) {
            sids[i] = param.u16(16 + 2 * i);
          }
          int result;
          if (seq == peerReconfigExpected) {
            peerReconfigExpected++;
            result = receive.onOutgoingResetRequest(seq, lastTsn, sids);
            lastPeerReconfigResult = result;
          } else if (seq == peerReconfigExpected - 1 && lastPeerReconfigResult >= 0) {
            result =
                lastPeerReconfigResult == ReceiveQueue.RESULT_IN_PROGRESS
                    ? receive.resetStatus(seq)
                    : lastPeerReconfigResult;
            lastPeerReconfigResult = result;
          } else {
            result = RESULT_BAD_SEQUENCE;
          }
          sendReconfigResponse(seq, result);
        }
        case PARAM_INCOMING_SSN_RESET -> {
          if (param.length() < 8 || (param.length() - 8) % 2 != 0) {
            throw new MalformedChunkException("Incoming SSN Reset Request length");
          }
          long seq = Serial.unwrap32(param.u32(4), peerReconfigExpected);
          if (seq == peerReconfigExpected) {
            peerReconfigExpected++;
            lastPeerReconfigResult = RESULT_NOTHING_TO_DO;
            // RFC 6525 §5.2.3: answer by resetting those outgoing streams ourselves; our request
            // carries this one's sequence number as its implicit response.
            implicitResponseSeq = seq;
            int n = (param.length() - 8) / 2;
            for (int i = 0; i < n; i++) {
              int s = param.u16(8 + 2 * i);
              if (s < outboundStreams) {
                resetWanted.add(s);
              }
            }
          } else if (seq != peerReconfigExpected - 1) {
            sendReconfigResponse(seq, RESULT_BAD_SEQUENCE);
          }
        }
        case PARAM_RECONFIG_RESPONSE -> {
          if (param.length() < 12) {
            throw new MalformedChunkException("Re-configuration Response length");
          }
          long seq = Serial.unwrap32(param.u32(4), myReconfigSeq);
          int result = param.u32(8);
          if (outstandingReset != null && seq == outstandingResetSeq) {
            errorCount = 0;
            if (result == ReceiveQueue.RESULT_IN_PROGRESS) {
              reconfigTimer = now + rto; // §5.2.2: ask again later
            } else {
              int[] streams = outstandingReset;
              outstandingReset = null;
              outstandingResetChunk = null;
              reconfigTimer = Long.MAX_VALUE;
              if (result == ReceiveQueue.RESULT_PERFORMED || result == RESULT_NOTHING_TO_DO) {
                for (int s : streams) {
                  if (s < nextSsn.length) {
                    nextSsn[s] = 0;
                  }
                }
              } else {
                LOG.log(Level.DEBUG, "sctp: stream reset refused, result {0}", result);
              }
              listener.outgoingStreamsReset(streams);
            }
          }
        }
        case PARAM_ADD_OUTGOING_STREAMS -> {
          // RFC 6525 §5.2.5: the peer adds outgoing streams (Firefox grows from a small count
          // this way); we accept up to our configured inbound stream count.
          if (param.length() < 12) {
            throw new MalformedChunkException("Add Outgoing Streams length");
          }
          long seq = Serial.unwrap32(param.u32(4), peerReconfigExpected);
          int result;
          if (seq == peerReconfigExpected) {
            peerReconfigExpected++;
            int wanted = inboundStreams + param.u16(12);
            if (wanted <= config.inboundStreams()) {
              inboundStreams = wanted;
              receive.setInboundStreams(wanted);
              result = ReceiveQueue.RESULT_PERFORMED;
            } else {
              result = RESULT_DENIED;
            }
            lastPeerReconfigResult = result;
          } else if (seq == peerReconfigExpected - 1 && lastPeerReconfigResult >= 0) {
            result = lastPeerReconfigResult;
          } else {
            result = RESULT_BAD_SEQUENCE;
          }
          sendReconfigResponse(seq, result);
        }
        default -> {
          // SSN/TSN reset and add-incoming-streams requests: refuse (RFC 6525 §5.2.4, §5.2.6).
          if (param.type() >= 15 && param.type() <= 18 && param.length() >= 8) {
            long seq = Serial.unwrap32(param.u32(4), peerReconfigExpected);
            if (seq == peerReconfigExpected) {
              peerReconfigExpected++;
              lastPeerReconfigResult = RESULT_DENIED;
            }
            sendReconfigResponse(seq, RESULT_DENIED);
          } else if ((param.type() >>> 14 & 2) == 0) {
            drop(DropReason.UNKNOWN_CHUNK);
            return;
          }
        }
      }
    }
  }

  private void sendReconfigResponse(long seq, int result) {
    byte[] c = new byte[16];
    c[0] = (byte) ChunkType.RE_CONFIG;
    c[3] = 16;
    c[5] = (byte) PARAM_RECONFIG_RESPONSE;
    c[7] = 12;
    point32(seq, c, 8);
    point32(result, c, 12);
    control.add(new Control(peerTag, c, false));
  }

  // ------------------------------------------------------------------ sending

  /**
   * Queues a message. Returns false when the association cannot take it (not open for sending or
   * the send buffer is full).
   */
  boolean send(
      int stream, int ppid, byte[] data, boolean unordered, int maxRetransmits, long lifetimeMs) {
    if (terminated
        || shutdownRequested
        || state == AssociationState.SHUTDOWN_PENDING
        || state == AssociationState.SHUTDOWN_SENT
        || state == AssociationState.SHUTDOWN_RECEIVED
        || state == AssociationState.SHUTDOWN_ACK_SENT) {
      return false;
    }
    if (data.length == 0) {
      throw new IllegalArgumentException(
          "SCTP user messages are at least one byte (RFC 8831 §6.6)");
    }
    // DCEP messages (PPID 50) are tiny and must not be lost to a full buffer.
    if (ppid != SctpAssociation.PPID_DCEP
        && bufferedBytes + data.length > config.sendBufferSize()) {
      return false;
    }
    long expires = lifetimeMs < 0 ? Long.MAX_VALUE : now + lifetimeMs;
    OutMessage m = new OutMessage(stream, ppid, unordered, data, maxRetransmits, expires);
    burstPackets = 0;
    pending.addLast(m);
    growStreams(stream);
    pendingPerStream[stream]++;
    bufferedBytes += data.length;
    return true;
  }

  private void growStreams(int stream) {
    if (stream >= nextSsn.length) {
      int n = Math.max(stream + 1, nextSsn.length * 2);
      nextSsn = Arrays.copyOf(nextSsn, n);
      pendingPerStream = Arrays.copyOf(pendingPerStream, n);
    }
  }

  /** Tells the engine how many received bytes the application still holds (window accounting). */
  void setUpperHeld(int bytes) {
    upperHeld = bytes;
    if (receive != null) {
      receive.setUpperHeld(bytes);
      int w = receive.advertisedWindow();
      // §6.2 (SWS avoidance): announce a reopened window once it grew by a useful amount.
      if (w - lastAdvertisedWindow >= Math.max(mtu, config.receiveBufferSize() / 4)
          && (state == AssociationState.ESTABLISHED
              || state == AssociationState.SHUTDOWN_PENDING)) {
        sackNow = true;
        sackPending = true;
      }
    }
  }

  /** Writes the next packet into {@code dst[off..]} (needs MTU bytes); returns its length or -1. */
  int pollOutbound(byte[] dst, int off) {
    if (dst.length - off < mtu) {
      throw new IllegalArgumentException("buffer needs at least " + mtu + " bytes");
    }
    if (!terminated) {
      maybeSendResetRequest();
      if (forwardTsnNeeded && haveTcb) {
        byte[] f = buildForwardTsn();
        forwardTsnNeeded = false;
        if (f != null) {
          control.removeIf(x -> x.chunk()[0] == (byte) ChunkType.FORWARD_TSN);
          control.add(new Control(peerTag, f, false));
          if (t3 == Long.MAX_VALUE) {
            t3 = now + rto; // RFC 3758 §3.5 C4
          }
        }
      }
    }
    while (!control.isEmpty()
        && PacketWriter.padded(control.peekFirst().chunk().length)
            > mtu - SctpPacket.COMMON_HEADER_LENGTH) {
      control.pollFirst(); // e.g. the echo of an oversized HEARTBEAT: cannot be sent, drop it
    }
    Control head = control.peekFirst();
    if (head != null && (head.vtag() != peerTag || head.alone() || !haveTcb || terminated)) {
      writer.begin(dst, off, mtu, config.localPort(), config.remotePort(), head.vtag());
      if (head.alone()) {
        control.pollFirst();
        writer.putChunk(head.chunk());
      } else {
        int vtag = head.vtag();
        while (!control.isEmpty()
            && control.peekFirst().vtag() == vtag
            && !control.peekFirst().alone()
            && PacketWriter.padded(control.peekFirst().chunk().length) <= writer.remaining()) {
          writer.putChunk(control.pollFirst().chunk());
        }
      }
      return finishPacket();
    }
    if (terminated || !haveTcb) {
      return -1;
    }
    writer.begin(dst, off, mtu, config.localPort(), config.remotePort(), peerTag);
    while (!control.isEmpty()
        && control.peekFirst().vtag() == peerTag
        && !control.peekFirst().alone()
        && PacketWriter.padded(control.peekFirst().chunk().length) <= writer.remaining()) {
      writer.putChunk(control.pollFirst().chunk());
    }
    boolean canSendData =
        state == AssociationState.ESTABLISHED
            || state == AssociationState.SHUTDOWN_PENDING
            || state == AssociationState.SHUTDOWN_RECEIVED;
    boolean haveData =
        canSendData
            && !t3Hold
            && burstPackets < MAX_BURST
            && (hasRetransmissions() || canSendNewData());
    if ((sackNow || (sackPending && haveData)) && receive != null) {
      int room = writer.remaining();
      int len = receive.prepareSack(room);
      if (len <= room) {
        receive.writeSack(writer, room);
        lastAdvertisedWindow = receive.advertisedWindow();
        sackNow = false;
        sackPending = false;
        dataPacketsSinceSack = 0;
        sackTimer = Long.MAX_VALUE;
      }
    }
    if (canSendData) {
      writeData();
    }
    if (writer.isEmpty()) {
      return -1;
    }
    return finishPacket();
  }

  private int finishPacket() {
    int len = writer.finish(crc);
    packetsSent++;
    bytesSent += len;
    return len;
  }

  private boolean hasRetransmissions() {
    return retransmitCount > 0;
  }

  private boolean canSendNewData() {
    return !pending.isEmpty() && flightSize < cwnd && (peerRwnd > 0 || flightSize == 0);
  }

  private void writeData() {
    if (t3Hold || burstPackets >= MAX_BURST) {
      return;
    }
    boolean sentAny = false;
    boolean ignoreCwnd = fastRetransmitNow;
    fastRetransmitNow = false;
    // Retransmissions first, lowest TSN first (§6.3.3 E3, §7.2.4 step 3).
    for (OutChunk c : retransmitCount == 0 ? List.<OutChunk>of() : inflight) {
      if (c.state != TO_RETRANSMIT) {
        continue;
      }
      if (maybeAbandon(c)) {
        continue;
      }
      if (!ignoreCwnd && flightSize >= cwnd) {
        break;
      }
      if (DATA_HEADER + c.length > writer.remaining()) {
        break;
      }
      writeDataChunk(c);
      retransmittedChunks++;
      sentAny = true;
    }
    flushPlaceholders();
    // New data (§6.1 rules A and B).
    while (!pending.isEmpty()) {
      OutMessage m = pending.peekFirst();
      if (m.nextOffset == 0 && now >= m.expiresAtMs && peerForwardTsn) {
        pending.pollFirst(); // lifetime over before its first transmission
        pendingPerStream[m.stream]--;
        bufferedBytes -= m.data.length;
        abandonedMessages++;
        listener.bytesLeftBuffer(m.stream, m.ppid, m.data.length);
        continue;
      }
      if (flightSize >= cwnd) {
        break;
      }
      int room = writer.remaining() - DATA_HEADER;
      int rest = m.data.length - m.nextOffset;
      int len = Math.min(rest, room);
      if (len <= 0 || (len < rest && room < mtu / 4 && !writer.isEmpty())) {
        break;
      }
      if (peerRwnd < len && flightSize > 0) {
        break;
      }
      if (m.nextOffset == 0 && !m.unordered) {
        m.ssn = nextSsn[m.stream];
        nextSsn[m.stream] = (nextSsn[m.stream] + 1) & 0xFFFF;
      }
      int flags =
          (m.nextOffset == 0 ? ReceiveQueue.FLAG_B : 0)
              | (m.nextOffset + len == m.data.length ? ReceiveQueue.FLAG_E : 0)
              | (m.unordered ? ReceiveQueue.FLAG_U : 0);
      OutChunk c = new OutChunk(nextTsn++, m, m.nextOffset, len, flags);
      m.nextOffset += len;
      if (m.nextOffset == m.data.length) {
        pending.pollFirst();
        pendingPerStream[m.stream]--;
      }
      bufferedBytes -= len;
      listener.bytesLeftBuffer(m.stream, m.ppid, len);
      inflight.addLast(c);
      writeDataChunk(c);
      peerRwnd = Math.max(0, peerRwnd - len);
      sentAny = true;
    }
    if (sentAny) {
      burstPackets++;
    }
    if (sentAny && t3OnePacket) {
      t3OnePacket = false;
      t3Hold = true;
    }
    if (sentAny) {
      if (t3 == Long.MAX_VALUE) {
        t3 = now + rto;
      }
      applyIdleCwndDecay();
      lastDataSentMs = now;
      scheduleHeartbeat();
    }
  }

  /** §7.2.1: after an idle period of one RTO or more, cwnd decays towards 4 MTU. */
  private void applyIdleCwndDecay() {
    if (lastDataSentMs > 0 && flightSize == 0 && now - lastDataSentMs > rto) {
      long periods = (now - lastDataSentMs) / Math.max(1, rto);
      for (long i = 0; i < periods && cwnd > 4 * mtu; i++) {
        cwnd = Math.max(cwnd / 2, 4 * mtu);
      }
    }
  }

  private void writeDataChunk(OutChunk c) {
    int at = writer.beginChunk(ChunkType.DATA, c.flags);
    writer.put32((int) c.tsn);
    writer.put16(c.msg.stream);
    writer.put16(c.msg.unordered ? 0 : c.msg.ssn);
    writer.put32(c.msg.ppid);
    writer.putBytes(c.msg.data, c.offset, c.length);
    writer.endChunk(at);
    setState(c, STATE_OPEN_SEND);
    c.sendCount++;
    c.sentAtMs = now;
    c.misses = 0;
    flightSize += c.length;
    dataChunksSent++;
  }

  // ------------------------------------------------------------------ timers

  long pollTimeout() {
    long t = Math.min(Math.min(t1, t2), Math.min(t3, sackTimer));
    return Math.min(t, Math.min(heartbeatTimer, reconfigTimer));
  }

  void handleTimeout(long nowMs) {
    now = nowMs;
    burstPackets = 0;
    if (terminated) {
      return;
    }
    if (t1 <= now) {
      onT1();
    }
    if (t3 <= now && !terminated) {
      onT3();
    }
    if (t2 <= now && !terminated) {
      onT2();
    }
    if (reconfigTimer <= now && !terminated) {
      onReconfigTimer();
    }
    if (sackTimer <= now && !terminated) {
      sackTimer = Long.MAX_VALUE;
      sackNow = sackPending;
    }
    if (heartbeatTimer <= now && !terminated) {
      if (state == AssociationState.ESTABLISHED) {
        sendHeartbeat();
      } else {
        heartbeatTimer = Long.MAX_VALUE;
      }
    }
  }

  /** T1-init / T1-cookie (§5.1 steps C and D). */
  private void onT1() {
    if (++initRetransmits > config.maxInitRetransmits()) {
      terminate(CloseReason.INIT_FAILED, "no answer after " + (initRetransmits - 1) + " retries");
      return;
    }
    rto = Math.min(config.rtoMaxMs(), rto * 2);
    if (state == AssociationState.COOKIE_WAIT) {
      control.add(new Control(0, initChunk, true));
    } else if (state == AssociationState.COOKIE_ECHOED && cookieToEcho != null) {
      control.add(new Control(peerTag, cookieToEcho, false));
    } else {
      t1 = Long.MAX_VALUE;
      return;
    }
    t1 = now + rto;
  }

  /** T3-rtx expiry (§6.3.3). */
  private void onT3() {
    boolean any = false;
    for (OutChunk c : inflight) {
      if (c.state == STATE_OPEN_SEND || c.state == TO_RETRANSMIT || c.state == ABANDONED) {
        any = true;
        break;
      }
    }
    if (!any) {
      t3 = inflight.isEmpty() ? Long.MAX_VALUE : now + rto;
      return;
    }
    t3Expirations++;
    if (++errorCount > config.maxAssociationRetransmits()) {
      failUnreachable("T3-rtx expired " + errorCount + " times");
      return;
    }
    // E1: ssthresh = max(cwnd/2, 4*MTU), cwnd = 1 MTU.  E2: back off the RTO.
    ssthresh = Math.max(cwnd / 2, 4 * mtu);
    cwnd = mtu;
    partialBytesAcked = 0;
    rto = Math.min(config.rtoMaxMs(), rto * 2);
    fastRecovery = false;
    t3OnePacket = true;
    t3Hold = false;
    // E3: everything outstanding is to be retransmitted.
    for (OutChunk c : inflight) {
      if (c.state == STATE_OPEN_SEND) {
        setState(c, TO_RETRANSMIT);
        flightSize -= c.length;
        maybeAbandon(c);
      } else if (c.state == TO_RETRANSMIT) {
        maybeAbandon(c);
      }
    }
    flushPlaceholders();
    updateForwardTsnPoint();
    t3 = now + rto;
  }

  private void onT2() {
    if (++errorCount > config.maxAssociationRetransmits()) {
      failUnreachable("T2-shutdown expired " + errorCount + " times");
      return;
    }
    rto = Math.min(config.rtoMaxMs(), rto * 2);
    t2 = Long.MAX_VALUE;
    if (state == AssociationState.SHUTDOWN_SENT) {
      queueShutdown();
    } else if (state == AssociationState.SHUTDOWN_ACK_SENT) {
      queueShutdownAck();
    }
  }

  private void onReconfigTimer() {
    reconfigTimer = Long.MAX_VALUE;
    if (outstandingResetChunk == null) {
      return;
    }
    if (++errorCount > config.maxAssociationRetransmits()) {
      failUnreachable("RE-CONFIG unanswered " + errorCount + " times");
      return;
    }
    rto = Math.min(config.rtoMaxMs(), rto * 2);
    control.add(new Control(peerTag, outstandingResetChunk, false));
    reconfigTimer = now + rto;
  }

  int receiveWindow() {
    return receive == null ? config.receiveBufferSize() : receive.advertisedWindow();
  }
}
