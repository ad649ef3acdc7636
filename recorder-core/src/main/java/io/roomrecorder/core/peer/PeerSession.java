package io.roomrecorder.core.peer;

import io.roomrecorder.api.PeerState;
import io.roomrecorder.core.dtls.DtlsConfig;
import io.roomrecorder.core.dtls.DtlsEndpoint;
import io.roomrecorder.core.dtls.DtlsHandshakeResult;
import io.roomrecorder.core.dtls.DtlsListener;
import io.roomrecorder.core.dtls.DtlsRole;
import io.roomrecorder.core.media.MediaSink;
import io.roomrecorder.core.sdp.Answer;
import io.roomrecorder.core.sdp.AnswerOptions;
import io.roomrecorder.core.sdp.Candidate;
import io.roomrecorder.core.sdp.LocalTransport;
import io.roomrecorder.core.sdp.MediaAnswer;
import io.roomrecorder.core.sdp.SdpNegotiationException;
import io.roomrecorder.core.sdp.SdpNegotiator;
import io.roomrecorder.core.sdp.SdpParseException;
import io.roomrecorder.core.sdp.SdpParser;
import io.roomrecorder.core.sdp.SessionDescription;
import io.roomrecorder.core.srtp.PacketBuffer;
import io.roomrecorder.core.srtp.SrtpInbound;
import io.roomrecorder.core.srtp.SrtpTransformer;
import io.roomrecorder.core.transport.DatagramPort;
import io.roomrecorder.core.transport.DatagramSink;
import io.roomrecorder.core.transport.Rfc7983Demux;
import io.roomrecorder.datachannel.DataChannel;
import io.roomrecorder.datachannel.DataChannelEvent;
import io.roomrecorder.datachannel.SctpAssociation;
import io.roomrecorder.datachannel.SctpConfig;
import io.roomrecorder.ice.IceAgent;
import io.roomrecorder.ice.IceCandidate;
import io.roomrecorder.ice.IceDatagramPort;
import io.roomrecorder.ice.IceListener;
import io.roomrecorder.ice.IceRole;
import io.roomrecorder.ice.IceState;
import io.roomrecorder.ice.RemoteCandidateResult;
import io.roomrecorder.ice.SelectedPair;
import io.roomrecorder.signaling.DataChannelCodec;
import io.roomrecorder.signaling.DcMessage;
import io.roomrecorder.signaling.RemoteCandidate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebRTC connection with one publisher, from its first offer to close.
 *
 * <p>The VDO.Ninja flow (shared/protocol/vdo-ninja.md §1.3, §10): the browser's first offer holds
 * only a data channel; we answer over the websocket, connect ICE and DTLS, and when the publisher's
 * {@code sendChannel} opens we send the hello asking for audio and video (again after 5 s, three
 * times at most, while neither a media offer nor media has come). The publisher then adds its
 * camera and sends a second offer over the data channel, which we answer there: the same ICE and
 * DTLS transport, new m-lines. A Raspberry Ninja publisher puts media in its first offer instead
 * (§11); both work.
 *
 * <p>Threads: every method posts to the session's {@link SerialExecutor}; ICE, DTLS and SCTP
 * callbacks post there too, so the protocol code below runs on one logical thread and takes no
 * locks. Packets take a shorter way: SRTP decryption runs on the socket thread and the decrypted
 * packet is handed to the session through a bounded queue (see {@link MediaReceiver}).
 */
public final class PeerSession {
  private static final Logger LOG = LoggerFactory.getLogger(PeerSession.class);

  /** SLF4J MDC key of the room name while a session's tasks run (null when recording a stream). */
  public static final String MDC_ROOM = "room";

  /** SLF4J MDC key of the de-salted stream ID while a session's tasks run. */
  public static final String MDC_STREAM = "stream";

  /** The label of the channel a VDO.Ninja publisher creates (§6.1). */
  static final String PUBLISHER_CHANNEL = "sendChannel";

  /** How long a hello may go without a media offer or RTP before it is sent again. */
  public static final long HELLO_RETRY_MS = 5_000;

  /** Hellos sent at most per connection, the first one included. */
  public static final int HELLO_ATTEMPTS = 3;

  /** How many SRTP packets are held until the keys exist (architecture: bounded, replayed). */
  static final int EARLY_PACKET_HOLD = 256;

  /** Sends our answer and candidates over the websocket, addressed to this publisher. */
  public interface Signaling {
    void sendAnswer(String sdp);

    void sendCandidate(String candidateLine, int sdpMLineIndex);
  }

  /** What the session tells its owner, on the session's executor. */
  public interface Listener {
    void onStateChanged(PeerState from, PeerState to, String reason);

    /** Something the user should know that does not end the session. */
    default void onWarning(String message) {}

    /** The peer said goodbye or the connection ended; the session is closed. */
    default void onEnded(PeerState finalState, String reason) {}
  }

  private final String name;
  private final String publisherUuid;
  private final String publisherSession;
  private final PeerConfig config;
  private final Signaling signaling;
  private final DataChannelCodec codec;
  private final Listener listener;
  private final MediaSink mediaSink;
  private final SerialExecutor executor;
  private SdpNegotiator negotiator;

  private PeerState state = PeerState.NEW;
  private IceAgent ice;
  private boolean answerSent;
  private final List<IceCandidate> pendingLocalCandidates = new ArrayList<>();
  private Answer currentAnswer;
  private DtlsEndpoint dtls;
  private SrtpInbound srtpInbound;
  private SrtpTransformer srtp;
  private SctpAssociation sctp;
  private ScheduledFuture<?> sctpTimer;
  private long sctpTimerDeadline = Long.MAX_VALUE;
  private final byte[] sctpOut = new byte[SctpConfig.DEFAULT_MTU + 64];
  private MediaReceiver media;
  private ScheduledFuture<?> connectTimer;
  private ScheduledFuture<?> tickTimer;
  private DataChannel publisherChannel;
  private int hellosSent;
  private long lastHelloMs;
  private boolean dataChannelOfferReceived;

  /**
   * @param name for logs: the de-salted stream ID
   * @param publisherUuid the publisher's signaling UUID (for data-channel answers)
   * @param publisherSession the publisher's session, echoed in answers, or {@code null}
   * @param codec encodes and decodes data-channel messages (and their encryption)
   * @param mediaSink where frames go; called on the session's executor
   */
  public PeerSession(
      String name,
      String publisherUuid,
      String publisherSession,
      PeerConfig config,
      Signaling signaling,
      DataChannelCodec codec,
      MediaSink mediaSink,
      Listener listener) {
    this(
        name, null, publisherUuid, publisherSession, config, signaling, codec, mediaSink, listener);
  }

  /**
   * As above, in a room: the session's tasks run with the SLF4J MDC keys {@code room} (when not
   * {@code null}) and {@code stream} ({@code name}) set.
   */
  public PeerSession(
      String name,
      String room,
      String publisherUuid,
      String publisherSession,
      PeerConfig config,
      Signaling signaling,
      DataChannelCodec codec,
      MediaSink mediaSink,
      Listener listener) {
    this.name = Objects.requireNonNull(name, "name");
    this.publisherUuid = Objects.requireNonNull(publisherUuid, "publisherUuid");
    this.publisherSession = publisherSession;
    this.config = Objects.requireNonNull(config, "config");
    this.signaling = Objects.requireNonNull(signaling, "signaling");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.mediaSink = Objects.requireNonNull(mediaSink, "mediaSink");
    this.listener = Objects.requireNonNull(listener, "listener");
    Map<String, String> mdc = new HashMap<>();
    mdc.put(MDC_ROOM, room);
    mdc.put(MDC_STREAM, name);
    this.executor = new SerialExecutor(config.sessionPool(), mdc);
  }

  /** The publisher's session string, or {@code null}. */
  public String publisherSession() {
    return publisherSession;
  }

  public String publisherUuid() {
    return publisherUuid;
  }

  /** The current state; read from any thread (a snapshot). */
  public PeerState state() {
    return state;
  }

  /** The selected ICE pair, or {@code null} before ICE connects. */
  public SelectedPair selectedPair() {
    IceAgent agent = ice;
    return agent == null ? null : agent.selectedPair();
  }

  /** Media statistics, or {@code null} before media flows. */
  public MediaReceiver.Stats mediaStats() {
    MediaReceiver m = media;
    return m == null ? null : m.stats();
  }

  /** Runs {@code task} on the session's executor (periodic work of the session's owner). */
  public void requestTick(Runnable task) {
    executor.execute(task);
  }

  /** Video frames per second over the last rate window. */
  public double framesPerSecond() {
    MediaReceiver m = media;
    return m == null ? 0 : m.framesPerSecond();
  }

  /** Received RTP bitrate over the last rate window, bits per second. */
  public long bitrateBps() {
    MediaReceiver m = media;
    return m == null ? 0 : m.bitrateBps();
  }

  /** Applies an offer that came over the websocket. */
  public void handleOffer(String sdp) {
    executor.execute(() -> onOffer(sdp, false, null));
  }

  /** Applies remote candidates that came over the websocket. */
  public void handleRemoteCandidates(List<RemoteCandidate> candidates) {
    List<RemoteCandidate> copy = List.copyOf(candidates);
    executor.execute(() -> copy.forEach(this::addRemoteCandidate));
  }

  /** Asks the publisher for a keyframe: PLI (and FIR if ignored) plus VDO.Ninja's DC request. */
  public void requestKeyframe(String why) {
    executor.execute(() -> onKeyframeNeeded(why));
  }

  /** Ends the session: closes DTLS (close_notify), ICE and timers. Idempotent. */
  public void close(String reason) {
    executor.execute(() -> end(PeerState.CLOSED, reason));
  }

  // ---------------------------------------------------------------------------------- offers

  private void onOffer(String sdpText, boolean encrypted, DataChannel replyVia) {
    if (isOver()) {
      return;
    }
    SessionDescription offer;
    try {
      offer = SdpParser.parse(sdpText);
    } catch (SdpParseException e) {
      rejectOffer("unparsable offer: " + e.getMessage());
      return;
    }
    boolean first = ice == null;
    if (first) {
      startIce();
      if (ice == null) {
        return;
      }
      negotiator =
          new SdpNegotiator(
              localTransport(),
              // transport-cc on: browsers ramp to their target bitrate with it (see MediaReceiver).
              new AnswerOptions(config.random().nextLong() >>> 2, true, true, 262_144));
    }
    Answer answer;
    try {
      answer = negotiator.answer(offer);
    } catch (SdpNegotiationException e) {
      rejectOffer("offer cannot be answered: " + e.getMessage());
      return;
    }
    if (first) {
      ice.setRemoteCredentials(answer.remoteIceUfrag(), answer.remoteIcePwd());
    }
    for (Candidate c : answer.remoteCandidates()) {
      addRemoteCandidate(new RemoteCandidate(c.toSdpValue(), null, 0, null));
    }
    currentAnswer = answer;
    logMedia(answer);
    if (replyVia != null) {
      replyVia.send(codec.answer(publisherUuid, publisherSession, answer.sdp(), encrypted));
      pumpSctp();
      LOG.info("[{}] answered the renegotiation offer over the data channel", name);
    } else {
      signaling.sendAnswer(answer.sdp());
      LOG.info("[{}] answered the offer over the websocket", name);
    }
    if (!answerSent) {
      answerSent = true;
      pendingLocalCandidates.forEach(this::sendLocalCandidate);
      pendingLocalCandidates.clear();
    }
    if (first) {
      ice.start();
      transition(PeerState.NEGOTIATING, "answer sent");
      long timeout = config.connectTimeout().toMillis();
      connectTimer =
          config
              .timers()
              .schedule(
                  () -> executor.execute(this::onConnectTimeout), timeout, TimeUnit.MILLISECONDS);
    }
    if (media != null) {
      media.update(answer);
    }
  }

  private void rejectOffer(String reason) {
    LOG.warn("[{}] {}", name, reason);
    if (state == PeerState.NEW) {
      end(PeerState.FAILED, reason);
    }
  }

  private LocalTransport localTransport() {
    return new LocalTransport(
        ice.localUfrag(), ice.localPassword(), config.certificate().fingerprint());
  }

  private void logMedia(Answer answer) {
    for (MediaAnswer m : answer.media()) {
      if (m.isDataChannel()) {
        continue;
      }
      if (m.accepted() && m.codec() != null) {
        LOG.info(
            "[{}] {} codec: {} (pt {}){}",
            name,
            m.media().equals("video") ? "Video" : "Audio",
            m.codec().encodingName().toUpperCase(java.util.Locale.ROOT),
            m.codec().payloadType(),
            m.rtx() == null ? "" : ", rtx pt " + m.rtx().payloadType());
      } else if (m.media().equals("video") && m.reason().startsWith("no H.264")) {
        // issue 11: say so clearly; the audio is still recorded.
        LOG.warn("[{}] no recordable video codec offered: {}", name, m.reason());
        listener.onWarning("no recordable video codec offered: " + m.reason());
      } else {
        LOG.info("[{}] {} m-line {} rejected: {}", name, m.media(), m.mid(), m.reason());
      }
    }
  }

  // ------------------------------------------------------------------------------------- ICE

  private void startIce() {
    try {
      ice = IceAgent.create(config.ice(), IceRole.CONTROLLED, executor, new IceEvents());
      ice.startGathering();
    } catch (RuntimeException e) {
      ice = null;
      end(PeerState.FAILED, "ICE agent could not start: " + e.getMessage());
    }
  }

  private final class IceEvents implements IceListener {
    @Override
    public void onStateChanged(IceState oldState, IceState newState, String reason) {
      onIceState(newState, reason);
    }

    @Override
    public void onLocalCandidate(IceCandidate candidate) {
      if (answerSent) {
        sendLocalCandidate(candidate);
      } else {
        pendingLocalCandidates.add(candidate);
      }
    }
  }

  private void sendLocalCandidate(IceCandidate candidate) {
    // One candidate per message, on the first m-line: everything is bundled (§1.4).
    signaling.sendCandidate(candidate.toSdp(), 0);
  }

  private void addRemoteCandidate(RemoteCandidate candidate) {
    if (ice == null || isOver()) {
      return;
    }
    RemoteCandidateResult result = ice.addRemoteCandidate(candidate.candidate());
    if (!result.accepted()) {
      LOG.debug("[{}] remote candidate dropped ({}): {}", name, result.reason(), result.detail());
    }
  }

  private void onIceState(IceState iceState, String reason) {
    LOG.info("[{}] ICE connection state: {} ({})", name, iceState, reason);
    switch (iceState) {
      case CHECKING -> {
        if (state == PeerState.NEGOTIATING) {
          transition(PeerState.CONNECTING, "ICE checking");
        }
      }
      case COMPLETED -> {
        // Not on CONNECTED: until the controlling peer nominates a pair, ice4j has no active
        // socket and a send fails ("No active socket"), which would end our DTLS client's
        // handshake at its first flight.
        if (dtls == null && !isOver()) {
          startDtls();
        }
      }
      case CONNECTED -> {}
      case FAILED -> end(PeerState.FAILED, "ICE failed: " + reason);
      case CLOSED -> end(PeerState.CLOSED, "ICE closed: " + reason);
      case NEW, GATHERING, DISCONNECTED -> {}
    }
  }

  // ------------------------------------------------------------------------------------ DTLS

  private void startDtls() {
    Answer answer = currentAnswer;
    DtlsRole role = answer.dtlsRole();
    SelectedPair pair = ice.selectedPair();
    transition(
        PeerState.DTLS,
        "ICE connected over "
            + (pair == null ? "?" : pair.localType() + "/" + pair.remoteType())
            + ", DTLS as "
            + role);
    IceDatagramPort icePort = ice.datagramPort();
    DatagramPort port = new IcePortAdapter(icePort, socketThreadWork);
    srtpInbound = new SrtpInbound(EARLY_PACKET_HOLD, new SrtpPackets());
    dtls =
        new DtlsEndpoint(
            DtlsConfig.of(role, config.certificate(), answer.remoteFingerprints()),
            port,
            config.handshakePool(),
            new DtlsEvents(),
            config.random());
    Rfc7983Demux demux = new Rfc7983Demux(dtls, srtpInbound::handleRtp, srtpInbound::handleRtcp);
    port.setSink(demux);
    dtls.start();
  }

  /**
   * The session's media work handed over by the socket thread that decrypted the packets: deferred
   * while the datagram is being dispatched (under the ICE agent's handler lock), then run on that
   * same thread once it is released, if the session is idle. A packet used to wake a pool thread
   * for its session's media task; now the thread that read it carries on, unless the session is
   * already busy on a pool thread (then the task is queued there as before). Off a socket thread
   * (e.g. packets held until the SRTP keys arrived, released by the session) it is the session
   * executor.
   */
  private final class SocketThreadWork implements Executor {
    /** The thread inside {@code onDatagram} now (the agent runs one at a time), else null. */
    private volatile Thread dispatcher;

    /** Taken by whichever socket thread's {@code afterDispatch} comes first; any may run it. */
    private final java.util.concurrent.atomic.AtomicReference<Runnable> deferred =
        new java.util.concurrent.atomic.AtomicReference<>();

    void beginDispatch() {
      dispatcher = Thread.currentThread();
    }

    void endDispatch() {
      dispatcher = null;
    }

    @Override
    public void execute(Runnable task) {
      if (Thread.currentThread() != dispatcher || !deferred.compareAndSet(null, task)) {
        executor.execute(task);
      }
    }

    /** Runs what a dispatch deferred; on a socket thread, outside the agent's locks. */
    void runDeferred() {
      Runnable task = deferred.getAndSet(null);
      if (task != null) {
        executor.executeInline(task);
      }
    }
  }

  private final SocketThreadWork socketThreadWork = new SocketThreadWork();

  /** Adapts the ICE selected-pair port to the transport layer's {@link DatagramPort}. */
  private static final class IcePortAdapter implements DatagramPort {
    private final IceDatagramPort port;
    private final SocketThreadWork work;

    IcePortAdapter(IceDatagramPort port, SocketThreadWork work) {
      this.port = port;
      this.work = work;
    }

    @Override
    public void send(byte[] buffer, int offset, int length) throws IOException {
      port.send(buffer, offset, length);
    }

    @Override
    public void setSink(DatagramSink sink) {
      if (sink == null) {
        port.setReceiveHandler(null);
        return;
      }
      port.setReceiveHandler(
          new io.roomrecorder.ice.DatagramHandler() {
            @Override
            public void onDatagram(byte[] buffer, int offset, int length) {
              work.beginDispatch();
              try {
                sink.handle(buffer, offset, length);
              } finally {
                work.endDispatch();
              }
            }

            @Override
            public void afterDispatch() {
              work.runDeferred();
            }
          });
    }

    @Override
    public void close() {
      port.setReceiveHandler(null);
    }
  }

  private final class DtlsEvents implements DtlsListener {
    @Override
    public void onConnected(DtlsHandshakeResult result) {
      executor.execute(() -> onDtlsConnected(result));
    }

    @Override
    public void onApplicationData(byte[] buffer, int offset, int length) {
      byte[] copy = java.util.Arrays.copyOfRange(buffer, offset, offset + length);
      executor.execute(() -> onSctpPacket(copy));
    }

    @Override
    public void onClosed(String reason) {
      executor.execute(() -> end(PeerState.CLOSED, "DTLS closed: " + reason));
    }

    @Override
    public void onFailed(String reason) {
      executor.execute(() -> end(PeerState.FAILED, "DTLS failed: " + reason));
    }
  }

  private void onDtlsConnected(DtlsHandshakeResult result) {
    if (isOver()) {
      return;
    }
    cancel(connectTimer);
    srtp = new SrtpTransformer(result.keys(), result.role(), 64);
    media =
        new MediaReceiver(
            name, config, mediaSink, this::sendRtcp, this::onKeyframeRequestForDataChannel);
    media.update(currentAnswer);
    srtpInbound.installKeys(srtp);
    transition(
        PeerState.CONNECTED,
        "DTLS "
            + result.role()
            + " with "
            + result.profile()
            + ", peer certificate matches the SDP fingerprint");
    LOG.info("[{}] Connection state: CONNECTED", name);
    long tick = MediaReceiver.TICK_MS;
    tickTimer =
        config
            .timers()
            .scheduleAtFixedRate(
                () -> executor.execute(this::onTick), tick, tick, TimeUnit.MILLISECONDS);
    Answer answer = currentAnswer;
    if (answer.dataChannel().isPresent()) {
      startSctp(answer.dataChannel().get(), result.role());
    }
  }

  /** Decrypted SRTP/SRTCP from the socket thread; queued to the session. */
  private final class SrtpPackets implements SrtpInbound.Listener {
    @Override
    public void onRtp(PacketBuffer packet) {
      MediaReceiver m = media;
      if (m != null) {
        m.enqueueRtp(packet, socketThreadWork);
      }
    }

    @Override
    public void onRtcp(PacketBuffer packet) {
      MediaReceiver m = media;
      if (m != null) {
        m.enqueueRtcp(packet, socketThreadWork);
      }
    }
  }

  /** Protects and sends one RTCP compound packet; called on the session executor. */
  private void sendRtcp(PacketBuffer packet) {
    if (srtp == null || ice == null || isOver()) {
      return;
    }
    if (srtp.protectRtcp(packet) != io.roomrecorder.core.srtp.SrtpStatus.OK) {
      return;
    }
    try {
      ice.datagramPort().send(packet.getBuffer(), packet.getOffset(), packet.getLength());
    } catch (IOException e) {
      LOG.debug("[{}] RTCP send failed: {}", name, e.toString());
    }
  }

  // ------------------------------------------------------------------------------------ SCTP

  private void startSctp(MediaAnswer dataChannel, DtlsRole role) {
    int remotePort = dataChannel.sctpPort() > 0 ? dataChannel.sctpPort() : SctpConfig.DEFAULT_PORT;
    SctpConfig.Builder b =
        SctpConfig.builder(role == DtlsRole.CLIENT, new Random(config.random().nextLong()))
            .ports(SctpConfig.DEFAULT_PORT, remotePort);
    if (dataChannel.remoteMaxMessageSize() > 0) {
      b.remoteMaxMessageSize(dataChannel.remoteMaxMessageSize());
    }
    sctp = new SctpAssociation(b.build());
    sctp.connect(config.clockMs().getAsLong());
    pumpSctp();
  }

  private void onSctpPacket(byte[] packet) {
    if (sctp == null || isOver()) {
      return;
    }
    sctp.handleInbound(packet, 0, packet.length, config.clockMs().getAsLong());
    pumpSctp();
  }

  private void onSctpTimer() {
    sctpTimerDeadline = Long.MAX_VALUE;
    if (sctp == null || isOver()) {
      return;
    }
    sctp.handleTimeout(config.clockMs().getAsLong());
    pumpSctp();
  }

  /** Sends what SCTP wants sent, handles its events and re-arms its timer. */
  private void pumpSctp() {
    if (sctp == null) {
      return;
    }
    int n;
    while ((n = sctp.pollOutbound(sctpOut, 0)) > 0) {
      try {
        dtls.send(sctpOut, 0, n);
      } catch (IOException e) {
        LOG.debug("[{}] SCTP send over DTLS failed: {}", name, e.toString());
      }
    }
    DataChannelEvent event;
    while ((event = sctp.pollEvent()) != null) {
      onDataChannelEvent(event);
      if (sctp == null) {
        return;
      }
    }
    // Events may have queued more (answers, pongs).
    while ((n = sctp.pollOutbound(sctpOut, 0)) > 0) {
      try {
        dtls.send(sctpOut, 0, n);
      } catch (IOException e) {
        LOG.debug("[{}] SCTP send over DTLS failed: {}", name, e.toString());
      }
    }
    long deadline = sctp.pollTimeout();
    if (deadline > 0 && deadline != Long.MAX_VALUE && deadline < sctpTimerDeadline) {
      cancel(sctpTimer);
      sctpTimerDeadline = deadline;
      long delay = Math.max(0, deadline - config.clockMs().getAsLong());
      sctpTimer =
          config
              .timers()
              .schedule(() -> executor.execute(this::onSctpTimer), delay, TimeUnit.MILLISECONDS);
    }
  }

  private void onDataChannelEvent(DataChannelEvent event) {
    if (event instanceof DataChannelEvent.ChannelOpened e) {
      onChannelOpened(e.channel());
    } else if (event instanceof DataChannelEvent.TextMessage m) {
      onDataChannelText(m.channel(), m.text());
    } else if (event instanceof DataChannelEvent.AssociationEstablished) {
      LOG.info("[{}] SCTP association established", name);
    } else if (event instanceof DataChannelEvent.BinaryMessage m) {
      LOG.debug("[{}] ignoring {} binary bytes on {}", name, m.data().length, m.channel());
    } else if (event instanceof DataChannelEvent.ChannelClosed c) {
      LOG.info("[{}] data channel {} closed", name, c.channel().label());
    } else if (event instanceof DataChannelEvent.AssociationClosed c) {
      LOG.info("[{}] SCTP association closed: {} {}", name, c.reason(), c.detail());
    }
  }

  private void onChannelOpened(DataChannel channel) {
    LOG.info("[{}] data channel '{}' open (stream {})", name, channel.label(), channel.id());
    if (publisherChannel == null || PUBLISHER_CHANNEL.equals(channel.label())) {
      publisherChannel = channel;
    }
    if (hellosSent == 0) {
      sendHello(channel);
      LOG.info(
          "[{}] asked the publisher for {}video over the data channel",
          name,
          config.audio() ? "audio and " : "");
    }
  }

  private void sendHello(DataChannel channel) {
    channel.send(codec.hello(config.audio(), true, config.preferVideoCodec()));
    hellosSent++;
    lastHelloMs = config.clockMs().getAsLong();
  }

  /**
   * A hello that brought neither a media offer nor any RTP is sent again, {@link #HELLO_RETRY_MS}
   * apart, up to {@link #HELLO_ATTEMPTS} in all. publish.py itself may send it twice and the web
   * app treats a repeat as harmless (spec §6.2); without media the no-media timeout ends the
   * session and the room engine asks for the stream again.
   */
  private void retryHelloIfUnanswered(long now) {
    if (hellosSent == 0
        || hellosSent >= HELLO_ATTEMPTS
        || dataChannelOfferReceived
        || media.receivedRtp()
        || publisherChannel == null
        || sctp == null
        || now - lastHelloMs < HELLO_RETRY_MS) {
      return;
    }
    LOG.warn(
        "[{}] no media offer and no media {} ms after the hello; asking again ({} of {})",
        name,
        now - lastHelloMs,
        hellosSent + 1,
        HELLO_ATTEMPTS);
    sendHello(publisherChannel);
    pumpSctp();
  }

  private void onDataChannelText(DataChannel channel, String text) {
    DcMessage message = codec.decode(text);
    if (message instanceof DcMessage.Offer o) {
      dataChannelOfferReceived = true;
      LOG.info("[{}] renegotiation offer over the data channel", name);
      onOffer(o.sdp(), o.encrypted(), channel);
    } else if (message instanceof DcMessage.Candidates c) {
      c.candidates().forEach(this::addRemoteCandidate);
    } else if (message instanceof DcMessage.Ping p) {
      channel.send(codec.pong(p));
    } else if (message instanceof DcMessage.Bye) {
      end(PeerState.CLOSED, "publisher said bye");
    } else if (message instanceof DcMessage.Info i) {
      LOG.debug("[{}] publisher info: {}", name, i.label());
    } else if (message instanceof DcMessage.Dropped d) {
      LOG.debug("[{}] dropped a data-channel message: {} {}", name, d.reason(), d.detail());
    }
  }

  // ---------------------------------------------------------------------------------- media

  private void onKeyframeNeeded(String why) {
    if (media != null) {
      media.requestKeyframe(why);
    }
  }

  /** VDO.Ninja's own keyframe request over the data channel (§5.3), beside RTCP PLI/FIR. */
  private void onKeyframeRequestForDataChannel() {
    if (publisherChannel != null && sctp != null) {
      publisherChannel.send(codec.keyframeRequest());
      pumpSctp();
    }
  }

  private void onTick() {
    if (isOver() || media == null) {
      return;
    }
    long now = config.clockMs().getAsLong();
    media.tick(now);
    retryHelloIfUnanswered(now);
    if (media.idleMillis(now) > config.mediaTimeout().toMillis()) {
      end(PeerState.CLOSED, "no media for " + config.mediaTimeout().toSeconds() + " s");
    }
  }

  private void onConnectTimeout() {
    if (state != PeerState.CONNECTED && !isOver()) {
      IceAgent agent = ice;
      end(
          PeerState.FAILED,
          "not connected after "
              + config.connectTimeout().toSeconds()
              + " s (ICE "
              + (agent == null ? "none" : agent.state())
              + ", gathering "
              + (agent == null ? "none" : agent.gatheringState())
              + ", DTLS "
              + (dtls == null ? "not started" : dtls.state())
              + ")");
    }
  }

  // ------------------------------------------------------------------------------ lifecycle

  private boolean isOver() {
    return state == PeerState.CLOSED || state == PeerState.FAILED;
  }

  private void end(PeerState finalState, String reason) {
    if (isOver()) {
      return;
    }
    transition(finalState, reason);
    cancel(connectTimer);
    cancel(tickTimer);
    cancel(sctpTimer);
    if (sctp != null) {
      sctp.abort(reason);
      pumpSctpQuietly();
      sctp = null;
    }
    if (media != null) {
      media.close();
    }
    if (dtls != null) {
      dtls.close();
    }
    if (srtp != null) {
      srtp.close();
    }
    if (ice != null) {
      ice.close();
    }
    listener.onEnded(finalState, reason);
  }

  private void pumpSctpQuietly() {
    int n;
    while ((n = sctp.pollOutbound(sctpOut, 0)) > 0) {
      try {
        dtls.send(sctpOut, 0, n);
      } catch (IOException | RuntimeException e) {
        return;
      }
    }
  }

  private static void cancel(ScheduledFuture<?> f) {
    if (f != null) {
      f.cancel(false);
    }
  }

  /** The one place the state changes (style.md §6). */
  private void transition(PeerState to, String reason) {
    PeerState from = state;
    if (from == to) {
      return;
    }
    if (!isAllowed(from, to)) {
      throw new IllegalStateException("peer state " + from + " -> " + to + " (" + reason + ")");
    }
    state = to;
    LOG.info("[{}] peer {} -> {} ({})", name, from, to, reason);
    listener.onStateChanged(from, to, reason);
  }

  static boolean isAllowed(PeerState from, PeerState to) {
    return switch (from) {
      case NEW -> to == PeerState.NEGOTIATING || to == PeerState.FAILED || to == PeerState.CLOSED;
      case NEGOTIATING ->
          to == PeerState.CONNECTING
              || to == PeerState.DTLS
              || to == PeerState.FAILED
              || to == PeerState.CLOSED;
      case CONNECTING -> to == PeerState.DTLS || to == PeerState.FAILED || to == PeerState.CLOSED;
      case DTLS -> to == PeerState.CONNECTED || to == PeerState.FAILED || to == PeerState.CLOSED;
      case CONNECTED -> to == PeerState.FAILED || to == PeerState.CLOSED;
      case CLOSED, FAILED -> false;
    };
  }
}
