package io.roomrecorder.testpeer;

import io.roomrecorder.core.dtls.DtlsCertificate;
import io.roomrecorder.core.dtls.DtlsConfig;
import io.roomrecorder.core.dtls.DtlsHandshakeResult;
import io.roomrecorder.core.dtls.DtlsRole;
import io.roomrecorder.core.dtls.SrtpProfile;
import io.roomrecorder.core.sdp.SdpParseException;
import io.roomrecorder.core.srtp.PacketBuffer;
import io.roomrecorder.core.transport.DatagramPort;
import io.roomrecorder.core.transport.DatagramSink;
import io.roomrecorder.core.transport.DtlsSrtpTransport;
import io.roomrecorder.core.transport.PacketClass;
import io.roomrecorder.datachannel.DataChannel;
import io.roomrecorder.datachannel.DataChannelEvent;
import io.roomrecorder.datachannel.SctpAssociation;
import io.roomrecorder.datachannel.SctpConfig;
import io.roomrecorder.ice.IceAgent;
import io.roomrecorder.ice.IceCandidate;
import io.roomrecorder.ice.IceConfig;
import io.roomrecorder.ice.IceDatagramPort;
import io.roomrecorder.ice.IceListener;
import io.roomrecorder.ice.IceRole;
import io.roomrecorder.ice.IceState;
import io.roomrecorder.ice.SelectedPair;
import io.roomrecorder.rtp.rtcp.RtcpListener;
import io.roomrecorder.rtp.rtcp.RtcpParser;
import io.roomrecorder.signaling.DataChannelCodec;
import io.roomrecorder.signaling.DcMessage;
import io.roomrecorder.signaling.RemoteCandidate;
import io.roomrecorder.signaling.SignalingConfig;
import io.roomrecorder.signaling.SignalingEvent;
import io.roomrecorder.signaling.client.PublisherClient;
import io.roomrecorder.testpeer.PublisherStats.ConnectionState;
import io.roomrecorder.testpeer.media.SampleClip;
import io.roomrecorder.testpeer.media.VideoCodec;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VDO.Ninja publisher in Java, for tests, the demo and load generation: it seeds a stream on a
 * handshake server, offers to the viewer that plays it (the recorder), connects ICE (controlling),
 * DTLS (as the offerer: {@code actpass}, so it becomes the DTLS server when the recorder answers
 * {@code active}) and SCTP with the data channel {@code sendChannel} it creates, and then sends the
 * bundled sample clip in real time over SRTP with RTCP sender reports, retransmissions and
 * keyframes on request (see {@link MediaSender}).
 *
 * <p>Two behaviours ({@link PublisherMode}): the browser's two-phase negotiation (data channel
 * first, media after the viewer's hello, renegotiated over the data channel) and Raspberry Ninja's
 * media-in-the-first-offer (vdo-ninja.md §10, §11). Video is H.264 by default; {@link
 * Builder#videoCodec videoCodec(VP8)} offers and sends VP8 only, like a Firefox without its H.264
 * plugin (the recorder writes WebM then).
 *
 * <pre>{@code
 * try (TestPublisher pub = TestPublisher.builder(server.url()).room("r").streamId("cam1")
 *     .noPassword().build()) {
 *   pub.start();
 *   pub.await(s -> s.videoFramesSent() > 100, Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>One viewer at a time: a new viewer's request replaces the current connection (Raspberry Ninja
 * without {@code --multiviewer}). Threads: one control thread (signaling, ICE, DTLS and SCTP
 * events), one media thread, the signaling client's I/O thread, a small DTLS handshake pool and
 * ice-agent's threads. Every public method is thread-safe; {@link #close()} releases every socket
 * and thread and is idempotent.
 */
public final class TestPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TestPublisher.class);
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final String CHANNEL_LABEL = "sendChannel";

  /** What the offer says in {@code a=setup} (RFC 5763 §5: the offerer should say actpass). */
  public enum DtlsSetup {
    ACTPASS,
    ACTIVE,
    PASSIVE
  }

  private final Builder config;
  private final int id = IDS.incrementAndGet();
  private final ScheduledExecutorService control;
  private final ScheduledExecutorService mediaThread;
  private final ExecutorService handshakePool;
  private final SecureRandom secureRandom = new SecureRandom();
  private final Random random;
  private final DtlsCertificate certificate;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Hellos over every connection so far, for {@link Builder#ignoreHellos}. */
  private final AtomicInteger hellosSeen = new AtomicInteger();

  private volatile PublisherClient signaling;
  private volatile Connection connection;
  private volatile Instant startedAt;

  private TestPublisher(Builder b) {
    this.config = b;
    this.random = new Random(b.seed);
    this.control =
        Executors.newSingleThreadScheduledExecutor(daemon("testpeer-" + id + "-control"));
    this.mediaThread =
        Executors.newSingleThreadScheduledExecutor(daemon("testpeer-" + id + "-media"));
    this.handshakePool = Executors.newFixedThreadPool(2, daemon("testpeer-" + id + "-dtls"));
    this.certificate =
        b.certificate != null
            ? b.certificate
            : b.mode == PublisherMode.RASPBERRY_NINJA
                ? DtlsCertificate.generateRsa(secureRandom, Instant.now(), 2048)
                : DtlsCertificate.generateEcdsaP256(secureRandom, Instant.now());
  }

  /** A builder for a publisher that signals through {@code signalingUrl} ({@code ws://…}). */
  public static Builder builder(String signalingUrl) {
    return new Builder(signalingUrl);
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Connects to the handshake server and seeds the stream; returns at once. Once only. */
  public void start() {
    if (closed.get() || !started.compareAndSet(false, true)) {
      throw new IllegalStateException("already started or closed");
    }
    startedAt = Instant.now();
    SignalingConfig.Builder s =
        SignalingConfig.builder()
            .server(config.signalingUrl)
            .streamId(config.streamId)
            .password(config.password)
            .routing(
                config.mode == PublisherMode.RASPBERRY_NINJA
                    ? SignalingConfig.Routing.CUSTOM
                    : SignalingConfig.Routing.ROUTED);
    if (config.room != null) {
      s.room(config.room);
    }
    if (config.salt != null) {
      s.salt(config.salt);
    }
    signaling = PublisherClient.start(s.build(), control, this::onSignaling);
    LOG.info("test publisher {} ({}) seeding {}", id, config.mode, config.streamId);
  }

  /** When {@link #start()} was called, or null. */
  public Instant startedAt() {
    return startedAt;
  }

  /** The DTLS certificate this publisher uses (its fingerprint is in the offer, unless faked). */
  public DtlsCertificate certificate() {
    return certificate;
  }

  /** A snapshot of the counters of the current (or last) connection. */
  public PublisherStats stats() {
    Connection c = connection;
    if (c == null) {
      return new PublisherStats(
          ConnectionState.WAITING, null, "", "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
    return c.stats();
  }

  /**
   * What the publisher sent and the RTP ↔ wall-clock mapping of its sender reports, or null before
   * media started.
   */
  public SendLog sendLog() {
    Connection c = connection;
    MediaSender m = c == null ? null : c.media;
    return m == null ? null : m.log();
  }

  /** The selected ICE pair of the current connection, or null. */
  public SelectedPair selectedPair() {
    Connection c = connection;
    return c == null || c.ice == null ? null : c.ice.selectedPair();
  }

  /**
   * Sends raw bytes to the recorder over the selected pair, from the same 5-tuple as the media (for
   * hostile-input tests: nothing is protected or checked).
   */
  public void sendRaw(byte[] buf, int off, int len) throws IOException {
    Connection c = connection;
    if (c == null || c.ice == null) {
      throw new IOException("no connection");
    }
    c.ice.datagramPort().send(buf, off, len);
  }

  /**
   * The recorder's candidate lines received so far (in the answer, over the websocket or the data
   * channel), for tests that aim at its ports.
   */
  public List<String> remoteCandidates() {
    Connection c = connection;
    return c == null ? List.of() : List.copyOf(c.remoteCandidates);
  }

  /**
   * Asks for a keyframe as a PLI would (the next video frame jumps to the clip's next keyframe).
   */
  public void requestKeyframe() {
    Connection c = connection;
    if (c != null && c.media != null) {
      c.media.requestKeyframe();
    }
  }

  /**
   * Waits until {@code condition} holds for the stats (polled every 20 ms).
   *
   * @return whether it held before {@code timeout}
   */
  public boolean await(java.util.function.Predicate<PublisherStats> condition, Duration timeout)
      throws InterruptedException {
    return poll(() -> condition.test(stats()), timeout);
  }

  static boolean poll(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** Stops media, says goodbye (close_notify), closes ICE and the websocket. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    CountDownLatch done = new CountDownLatch(1);
    try {
      control.execute(
          () -> {
            try {
              Connection c = connection;
              if (c != null) {
                c.end(ConnectionState.CLOSED, "publisher closed");
              }
            } finally {
              done.countDown();
            }
          });
      if (!done.await(5, TimeUnit.SECONDS)) {
        LOG.warn("test publisher {}: connection not closed within 5 s", id);
      }
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("control executor already shut down");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    PublisherClient s = signaling;
    if (s != null) {
      s.close();
    }
    mediaThread.shutdownNow();
    handshakePool.shutdownNow();
    control.shutdownNow();
    try {
      control.awaitTermination(2, TimeUnit.SECONDS);
      mediaThread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ------------------------------------------------------------------------- control thread

  private void onSignaling(SignalingEvent event) {
    if (closed.get()) {
      return;
    }
    try {
      if (event instanceof SignalingEvent.ViewerRequested v) {
        Connection old = connection;
        if (old != null) {
          old.end(ConnectionState.CLOSED, "replaced by a new viewer");
        }
        Connection c = new Connection(v.uuid());
        connection = c;
        c.begin();
      } else if (event instanceof SignalingEvent.AnswerReceived a) {
        Connection c = connection;
        if (c != null && c.viewerUuid.equals(a.uuid())) {
          c.onAnswer(a.sdp(), "websocket");
        }
      } else if (event instanceof SignalingEvent.CandidatesReceived r) {
        Connection c = connection;
        if (c != null && c.viewerUuid.equals(r.uuid())) {
          r.candidates().forEach(c::addRemoteCandidate);
        }
      } else if (event instanceof SignalingEvent.PeerLeft l) {
        Connection c = connection;
        if (c != null && c.viewerUuid.equals(l.uuid())) {
          c.end(ConnectionState.CLOSED, "viewer left: " + l.reason());
        }
      } else {
        LOG.debug("publisher {} signaling: {}", id, event);
      }
    } catch (RuntimeException e) {
      LOG.warn("publisher {}: signaling event {} failed", id, event.getClass().getSimpleName(), e);
    }
  }

  /** One peer connection to one viewer; its fields are confined to the control thread. */
  private final class Connection {
    final String viewerUuid;
    final String session;
    final long sdpSessionId = random.nextLong() & Long.MAX_VALUE;
    final long videoSsrc = (random.nextInt() & 0xFFFF_FFFFL) | 1;
    final long rtxSsrc = (random.nextInt() & 0xFFFF_FFFFL) | 1;
    final long audioSsrc =
        config.mode == PublisherMode.RASPBERRY_NINJA
            ? 0xFFFF_FFFFL
            : (random.nextInt() & 0xFFFF_FFFFL) | 1;
    final String cname = "testpeer" + Long.toHexString(random.nextLong() & 0xFFFFFFL);
    final DataChannelCodec codec;
    volatile ConnectionState state = ConnectionState.WAITING;
    volatile String failureReason;
    IceAgent ice;
    OfferSdp.Transport transport;
    final List<IceCandidate> gathered = new ArrayList<>();
    final List<String> remoteCandidates = new java.util.concurrent.CopyOnWriteArrayList<>();
    boolean offerSent;
    AnswerInfo answer;
    AnswerInfo mediaAnswer;
    DtlsSrtpTransport dtls;
    volatile DtlsHandshakeResult handshake;
    SctpAssociation sctp;
    DataChannel channel;
    ScheduledFuture<?> sctpTimer;
    long sctpDeadline = Long.MAX_VALUE;
    ScheduledFuture<?> pingTimer;
    final byte[] sctpOut = new byte[SctpConfig.DEFAULT_MTU + 64];
    volatile MediaSender media;
    final AtomicInteger hellosReceived = new AtomicInteger();
    boolean mediaOffered;
    final AtomicLong plis = new AtomicLong();
    final AtomicLong firs = new AtomicLong();
    final AtomicLong dcKeyframes = new AtomicLong();
    final AtomicLong pingsSent = new AtomicLong();
    final AtomicLong pongs = new AtomicLong();
    final AtomicInteger dtlsDatagramsSent = new AtomicInteger();
    final RtcpParser rtcpParser = new RtcpParser();

    Connection(String viewerUuid) {
      this.viewerUuid = viewerUuid;
      // Raspberry Ninja sends "session": null in its offer and every candidate (spec §11).
      this.session = config.mode == PublisherMode.RASPBERRY_NINJA ? null : randomSession();
      this.codec = signaling.dataChannelCodec();
    }

    private String randomSession() {
      String abc = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 10; i++) {
        sb.append(abc.charAt(random.nextInt(abc.length())));
      }
      return sb.toString();
    }

    void begin() {
      LOG.info("publisher {}: viewer {} asks for the stream; offering", id, viewerUuid);
      ice = IceAgent.create(config.ice, IceRole.CONTROLLING, control, new IceEvents());
      String fingerprint =
          config.advertisedFingerprint != null
              ? config.advertisedFingerprint
              : certificate.fingerprint().toSdpValue();
      transport =
          new OfferSdp.Transport(
              ice.localUfrag(),
              ice.localPassword(),
              fingerprint,
              config.setup.name().toLowerCase(Locale.ROOT),
              videoSsrc,
              rtxSsrc,
              audioSsrc,
              cname);
      ice.startGathering();
      if (!config.candidatesBeforeOffer) {
        sendOffer();
      }
    }

    private void sendOffer() {
      if (offerSent || isOver()) {
        return;
      }
      offerSent = true;
      String sdp =
          config.mode == PublisherMode.RASPBERRY_NINJA
              ? OfferSdp.raspberryNinja(transport, sdpSessionId, 0, clip().codec())
              : OfferSdp.browserDataChannelOnly(transport, sdpSessionId, 1);
      sdp = config.offerRewriter.apply(sdp);
      signaling.sendOffer(viewerUuid, session, sdp);
      transition(ConnectionState.OFFERED, "offer sent over the websocket");
      if (!gathered.isEmpty()) {
        sendCandidates(gathered);
      }
    }

    private void sendCandidates(List<IceCandidate> list) {
      List<RemoteCandidate> out = new ArrayList<>();
      for (IceCandidate c : list) {
        if (config.mode == PublisherMode.RASPBERRY_NINJA) {
          // §11.7: uppercase UDP, sdpMLineIndex only.
          String line = c.toSdp().replaceFirst(" udp ", " UDP ");
          out.add(new RemoteCandidate(line, null, 0, null));
        } else {
          out.add(new RemoteCandidate(c.toSdp(), "0", 0, transport.ufrag()));
        }
      }
      signaling.sendCandidates(viewerUuid, session, out);
    }

    private final class IceEvents implements IceListener {
      @Override
      public void onStateChanged(IceState oldState, IceState newState, String reason) {
        onIceState(newState, reason);
      }

      @Override
      public void onLocalCandidate(IceCandidate candidate) {
        if (isOver()) {
          return;
        }
        gathered.add(candidate);
        if (offerSent || config.candidatesBeforeOffer) {
          sendCandidates(List.of(candidate));
        }
      }

      @Override
      public void onGatheringComplete() {
        if (config.candidatesBeforeOffer) {
          // The candidates went out first: the recorder must hold them until the offer.
          control.schedule(Connection.this::sendOffer, 200, TimeUnit.MILLISECONDS);
        }
      }
    }

    void addRemoteCandidate(RemoteCandidate c) {
      if (ice != null && !isOver()) {
        remoteCandidates.add(c.candidate());
        ice.addRemoteCandidate(c.candidate());
      }
    }

    void onAnswer(String sdp, String via) {
      if (isOver()) {
        return;
      }
      AnswerInfo a;
      try {
        a = AnswerInfo.parse(sdp);
      } catch (SdpParseException e) {
        end(ConnectionState.FAILED, "unusable answer: " + e.getMessage());
        return;
      }
      LOG.info(
          "publisher {}: answer over the {} (we are DTLS {}, video pt {}, rtx {}, audio pt {})",
          id,
          via,
          a.ourDtlsRole(),
          a.videoPt(),
          a.rtxPt(),
          a.audioPt());
      if (answer == null) {
        answer = a;
        ice.setRemoteCredentials(a.iceUfrag(), a.icePwd());
        remoteCandidates.addAll(a.candidates());
        a.candidates().forEach(ice::addRemoteCandidate);
        ice.start();
        createDtls(a);
      }
      if (a.videoPt() >= 0 || a.audioPt() >= 0) {
        mediaAnswer = a;
        maybeStartMedia();
      }
    }

    private void createDtls(AnswerInfo a) {
      DtlsConfig dc =
          DtlsConfig.of(a.ourDtlsRole(), certificate, a.fingerprints())
              .withSrtpProfiles(config.srtpProfiles)
              .withHandshakeTimeout(config.handshakeTimeout);
      dtls =
          new DtlsSrtpTransport(
              new IcePort(ice.datagramPort()),
              dc,
              handshakePool,
              secureRandom,
              new DtlsEvents(),
              256,
              16);
    }

    private void onIceState(IceState s, String reason) {
      LOG.info("publisher {}: ICE {} ({})", id, s, reason);
      if (isOver()) {
        return;
      }
      switch (s) {
        case CHECKING -> transition(ConnectionState.CONNECTING, "ICE checking");
        case COMPLETED -> {
          // ice4j sends application data only on the nominated pair ("No active socket" before).
          if (dtls != null
              && (state == ConnectionState.CONNECTING || state == ConnectionState.OFFERED)) {
            transition(ConnectionState.DTLS, "ICE pair nominated");
            dtls.start();
          }
        }
        case FAILED -> end(ConnectionState.FAILED, "ICE failed: " + reason);
        default -> {}
      }
    }

    private final class DtlsEvents implements DtlsSrtpTransport.Listener {
      @Override
      public void onConnected(DtlsHandshakeResult result) {
        handshake = result;
        control.execute(() -> onDtlsConnected(result));
      }

      @Override
      public void onApplicationData(byte[] buffer, int offset, int length) {
        byte[] copy = java.util.Arrays.copyOfRange(buffer, offset, offset + length);
        control.execute(() -> onSctpPacket(copy));
      }

      @Override
      public void onRtp(PacketBuffer packet) {
        // A recorder sends no media.
      }

      @Override
      public void onRtcp(PacketBuffer packet) {
        onFeedback(packet);
      }

      @Override
      public void onClosed(String reason) {
        control.execute(() -> end(ConnectionState.CLOSED, "DTLS closed: " + reason));
      }

      @Override
      public void onFailed(String reason) {
        control.execute(() -> end(ConnectionState.FAILED, "DTLS failed: " + reason));
      }
    }

    private void onDtlsConnected(DtlsHandshakeResult r) {
      if (isOver()) {
        return;
      }
      transition(ConnectionState.CONNECTED, "DTLS " + r.role() + " with " + r.profile());
      if (answer.dataChannel()) {
        sctp =
            new SctpAssociation(
                SctpConfig.builder(r.role() == DtlsRole.CLIENT, new Random(random.nextLong()))
                    .build());
        sctp.connect(nowMs());
        channel = sctp.openChannel(CHANNEL_LABEL);
        pumpSctp();
      }
      maybeStartMedia();
    }

    private void maybeStartMedia() {
      if (media != null || mediaAnswer == null || handshake == null || isOver()) {
        return;
      }
      AnswerInfo a = mediaAnswer;
      SampleClip clip = clip();
      if (a.videoPt() >= 0 && !clip.codec().encodingName().equals(a.videoCodec())) {
        end(
            ConnectionState.FAILED,
            "answer chose " + a.videoCodec() + " video but we send " + clip.codec());
        return;
      }
      MediaSender.Plan plan =
          new MediaSender.Plan(
              videoSsrc,
              rtxSsrc,
              audioSsrc,
              a.videoPt(),
              a.rtxPt(),
              config.audio ? a.audioPt() : -1,
              a.midExtensionId(),
              a.videoMid(),
              a.audioMid(),
              cname);
      media =
          new MediaSender(
              clip,
              plan,
              new MediaSender.Impairments(
                  config.lossPercent,
                  config.jitter.toNanos() / 1000,
                  config.audioSendDelay.toNanos() / 1000,
                  config.answerNacks),
              new MediaSender.Out() {
                @Override
                public void sendRtp(PacketBuffer packet) throws IOException {
                  dtls.sendRtp(packet);
                }

                @Override
                public void sendRtcp(byte[] buf, int off, int len) throws IOException {
                  dtls.sendRtcp(buf, off, len);
                }
              },
              mediaThread,
              new Random(random.nextLong()));
      media.start();
      LOG.info(
          "publisher {}: media starts (video pt {}, audio pt {})", id, a.videoPt(), a.audioPt());
    }

    /** RTCP from the recorder, on the socket thread. */
    private void onFeedback(PacketBuffer p) {
      MediaSender m = media;
      synchronized (rtcpParser) {
        rtcpParser.parse(
            p.getBuffer(),
            p.getOffset(),
            p.getLength(),
            new RtcpListener() {
              @Override
              public void onNack(long senderSsrc, long mediaSsrc, int pid, int blp) {
                if (m != null && mediaSsrc == videoSsrc) {
                  m.onNack(pid, blp);
                }
              }

              @Override
              public void onPictureLossIndication(long senderSsrc, long mediaSsrc) {
                if (mediaSsrc == videoSsrc) {
                  plis.incrementAndGet();
                  if (m != null) {
                    m.requestKeyframe();
                  }
                }
              }

              @Override
              public void onFullIntraRequest(long senderSsrc, long targetSsrc, int seq) {
                if (targetSsrc == videoSsrc) {
                  firs.incrementAndGet();
                  if (m != null) {
                    m.requestKeyframe();
                  }
                }
              }
            });
      }
    }

    // -------------------------------------------------------------------------------- SCTP

    private void onSctpPacket(byte[] packet) {
      if (sctp == null || isOver()) {
        return;
      }
      sctp.handleInbound(packet, 0, packet.length, nowMs());
      pumpSctp();
    }

    private void pumpSctp() {
      if (sctp == null) {
        return;
      }
      drainSctp();
      DataChannelEvent e;
      while (sctp != null && (e = sctp.pollEvent()) != null) {
        onDataChannelEvent(e);
      }
      if (sctp == null) {
        return;
      }
      drainSctp();
      long deadline = sctp.pollTimeout();
      if (deadline != Long.MAX_VALUE && deadline < sctpDeadline) {
        if (sctpTimer != null) {
          sctpTimer.cancel(false);
        }
        sctpDeadline = deadline;
        sctpTimer =
            control.schedule(
                this::onSctpTimer, Math.max(0, deadline - nowMs()), TimeUnit.MILLISECONDS);
      }
    }

    private void drainSctp() {
      int n;
      while ((n = sctp.pollOutbound(sctpOut, 0)) > 0) {
        try {
          dtls.sendApplicationData(sctpOut, 0, n);
        } catch (IOException | RuntimeException ex) {
          LOG.debug("publisher {}: SCTP send failed: {}", id, ex.toString());
        }
      }
    }

    private void onSctpTimer() {
      sctpDeadline = Long.MAX_VALUE;
      if (sctp == null || isOver()) {
        return;
      }
      sctp.handleTimeout(nowMs());
      pumpSctp();
    }

    private void onDataChannelEvent(DataChannelEvent event) {
      if (event instanceof DataChannelEvent.ChannelOpened o) {
        LOG.info("publisher {}: data channel '{}' open", id, o.channel().label());
        o.channel().send(codec.info(config.streamId));
        if (config.pingInterval != null) {
          long ms = config.pingInterval.toMillis();
          pingTimer = control.scheduleAtFixedRate(this::ping, ms, ms, TimeUnit.MILLISECONDS);
        }
      } else if (event instanceof DataChannelEvent.TextMessage t) {
        onDataChannelText(t.channel(), t.text());
      } else if (event instanceof DataChannelEvent.AssociationClosed c) {
        LOG.info("publisher {}: SCTP closed: {} {}", id, c.reason(), c.detail());
      }
    }

    private void ping() {
      if (channel != null && sctp != null && !isOver()) {
        channel.send(codec.ping(String.valueOf(System.currentTimeMillis() / 1000)));
        pingsSent.incrementAndGet();
        pumpSctp();
      }
    }

    private void onDataChannelText(DataChannel ch, String text) {
      DcMessage m = codec.decode(text);
      if (m instanceof DcMessage.MediaRequest r) {
        hellosReceived.incrementAndGet();
        int n = hellosSeen.incrementAndGet();
        if (n <= config.ignoredHellos) {
          LOG.info("publisher {}: ignoring hello {} (as if it were lost)", id, n);
          return;
        }
        LOG.info("publisher {}: hello (audio {}, video {})", id, r.audio(), r.video());
        if (config.mode == PublisherMode.BROWSER && !mediaOffered) {
          mediaOffered = true;
          String sdp =
              OfferSdp.browserMedia(
                  transport, sdpSessionId, 2, config.audio && r.audio(), clip().codec());
          sdp = config.offerRewriter.apply(sdp);
          ch.send(
              codec.offer(
                  viewerUuid,
                  signaling.saltedStreamId(),
                  session,
                  sdp,
                  signalingPasswordEnabled()));
          LOG.info("publisher {}: media offer sent over the data channel", id);
        }
      } else if (m instanceof DcMessage.Answer a) {
        onAnswer(a.sdp(), "data channel");
      } else if (m instanceof DcMessage.Candidates c) {
        c.candidates().forEach(this::addRemoteCandidate);
      } else if (m instanceof DcMessage.Ping p) {
        ch.send(codec.pong(p));
      } else if (m instanceof DcMessage.Pong) {
        pongs.incrementAndGet();
      } else if (m instanceof DcMessage.KeyframeRequest) {
        dcKeyframes.incrementAndGet();
        MediaSender s = media;
        if (s != null) {
          s.requestKeyframe();
        }
      } else if (m instanceof DcMessage.Bye) {
        end(ConnectionState.CLOSED, "viewer said bye");
      }
    }

    // --------------------------------------------------------------------------- lifecycle

    boolean isOver() {
      return state == ConnectionState.CLOSED || state == ConnectionState.FAILED;
    }

    void transition(ConnectionState to, String reason) {
      ConnectionState from = state;
      if (from == to || isOver()) {
        return;
      }
      state = to;
      LOG.info("publisher {}: {} -> {} ({})", id, from, to, reason);
    }

    void end(ConnectionState finalState, String reason) {
      if (isOver()) {
        return;
      }
      if (finalState == ConnectionState.FAILED) {
        failureReason = reason;
      }
      transition(finalState, reason);
      MediaSender m = media;
      if (m != null) {
        m.stop();
      }
      if (pingTimer != null) {
        pingTimer.cancel(false);
      }
      if (sctpTimer != null) {
        sctpTimer.cancel(false);
      }
      if (sctp != null) {
        sctp.abort(reason);
        drainSctp();
        sctp = null;
      }
      if (dtls != null) {
        dtls.close();
      }
      if (ice != null) {
        ice.close();
      }
    }

    PublisherStats stats() {
      MediaSender m = media;
      DtlsHandshakeResult h = handshake;
      return new PublisherStats(
          state,
          failureReason,
          h == null ? "" : h.role().name(),
          h == null ? "" : h.profile().name(),
          m == null ? 0 : m.videoFramesSent.get(),
          m == null ? 0 : m.audioPacketsSent.get(),
          m == null ? 0 : m.rtpPacketsSent.get(),
          m == null ? 0 : m.rtpPacketsDropped.get(),
          m == null ? 0 : m.nackedPackets.get(),
          m == null ? 0 : m.retransmitted.get(),
          m == null ? 0 : m.droppedRecovered.get(),
          m == null ? 0 : m.retransmitMisses.get(),
          plis.get(),
          firs.get(),
          dcKeyframes.get(),
          m == null ? 0 : m.keyframesOnRequest.get(),
          m == null ? 0 : m.senderReports.get(),
          pingsSent.get(),
          pongs.get(),
          hellosReceived.get(),
          m == null ? 0 : m.videoPackets.get());
    }

    /** The selected pair as the transport's port; DTLS datagrams beyond a limit can be dropped. */
    private final class IcePort implements DatagramPort {
      private final IceDatagramPort port;

      IcePort(IceDatagramPort port) {
        this.port = port;
      }

      @Override
      public void send(byte[] buffer, int offset, int length) throws IOException {
        if (config.dtlsStallAfter >= 0
            && PacketClass.of(buffer, offset, length) == PacketClass.DTLS
            && dtlsDatagramsSent.incrementAndGet() > config.dtlsStallAfter) {
          return; // a peer that stops answering mid-handshake
        }
        port.send(buffer, offset, length);
      }

      @Override
      public void setSink(DatagramSink sink) {
        port.setReceiveHandler(sink == null ? null : sink::handle);
      }

      @Override
      public void close() {
        port.setReceiveHandler(null);
      }
    }
  }

  private SampleClip clip() {
    return config.clip != null ? config.clip : SampleClip.h264();
  }

  private boolean signalingPasswordEnabled() {
    String p = config.password;
    if (p == null) {
      return true;
    }
    String v = p.trim().toLowerCase(Locale.ROOT);
    return !(v.equals("false") || v.equals("0") || v.equals("off"));
  }

  private static long nowMs() {
    return System.nanoTime() / 1_000_000;
  }

  /** Builds a {@link TestPublisher}. Not thread-safe. */
  public static final class Builder {
    private final String signalingUrl;
    private String room;
    private String streamId = "testpeer";
    private String password;
    private String salt;
    private IceConfig ice =
        IceConfig.builder()
            .noStun()
            .allowLoopback(true)
            .allowAddress("127.0.0.1")
            .allowRemoteNetwork("127.0.0.0/8")
            .build();
    private PublisherMode mode = PublisherMode.BROWSER;
    private DtlsSetup setup = DtlsSetup.ACTPASS;
    private List<SrtpProfile> srtpProfiles;
    private boolean srtpProfilesSet;
    private DtlsCertificate certificate;
    private String advertisedFingerprint;
    private boolean audio = true;
    private double lossPercent;
    private Duration jitter = Duration.ZERO;
    private Duration audioSendDelay = Duration.ZERO;
    private boolean answerNacks = true;
    private long seed = 1;
    private boolean candidatesBeforeOffer;
    private UnaryOperator<String> offerRewriter = UnaryOperator.identity();
    private int dtlsStallAfter = -1;
    private Duration handshakeTimeout = Duration.ofSeconds(20);
    private Duration pingInterval;
    private boolean pingSet;
    private int ignoredHellos;

    private Builder(String signalingUrl) {
      this.signalingUrl = Objects.requireNonNull(signalingUrl, "signalingUrl");
    }

    /** Joins this room before seeding (the browser's order, §10); none: seed only. */
    public Builder room(String room) {
      this.room = room;
      return this;
    }

    /** The plain stream ID (salted on the wire when a password is set). */
    public Builder streamId(String streamId) {
      this.streamId = Objects.requireNonNull(streamId);
      return this;
    }

    /** The VDO.Ninja password (default: VDO.Ninja's default password); "false" disables it. */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** No password: plain stream IDs and room names, nothing encrypted (§2.5). */
    public Builder noPassword() {
      this.password = "false";
      return this;
    }

    public Builder salt(String salt) {
      this.salt = salt;
      return this;
    }

    /**
     * ICE settings (default: no STUN, loopback allowed). The agent is controlling. Use {@link
     * IceConfig.Builder#turnServer} and {@code policy(RELAY)} for relay-only.
     */
    public Builder iceConfig(IceConfig ice) {
      this.ice = Objects.requireNonNull(ice);
      return this;
    }

    /** Browser (default) or Raspberry Ninja behaviour. */
    public Builder mode(PublisherMode mode) {
      this.mode = Objects.requireNonNull(mode);
      return this;
    }

    /** The offer's {@code a=setup} (default actpass). {@code ACTIVE} makes the recorder serve. */
    public Builder dtlsSetup(DtlsSetup setup) {
      this.setup = Objects.requireNonNull(setup);
      return this;
    }

    /** use_srtp profiles we offer (default GCM and CM-80; CM-80 only in Raspberry Ninja mode). */
    public Builder srtpProfiles(List<SrtpProfile> profiles) {
      this.srtpProfiles = List.copyOf(profiles);
      this.srtpProfilesSet = true;
      return this;
    }

    /** Our DTLS certificate (default: a new ECDSA P-256 one; RSA 2048 in Raspberry Ninja mode). */
    public Builder certificate(DtlsCertificate certificate) {
      this.certificate = certificate;
      return this;
    }

    /**
     * Puts this {@code a=fingerprint} value in the offer instead of our certificate's (to test that
     * the recorder refuses a certificate that does not match).
     */
    public Builder advertisedFingerprint(String sdpValue) {
      this.advertisedFingerprint = sdpValue;
      return this;
    }

    /**
     * Offers and sends only this video codec with the bundled clip of it (default H.264): {@code
     * VP8} sends {@link SampleClip#vp8()}. Shorthand for {@code clip(SampleClip.of(codec))}.
     */
    public Builder videoCodec(VideoCodec codec) {
      this.clip = SampleClip.of(Objects.requireNonNull(codec, "codec"));
      return this;
    }

    /** Whether audio is offered and sent (default true). */
    public Builder audio(boolean audio) {
      this.audio = audio;
      return this;
    }

    /** Drops this share of the original video RTP packets (seeded), 0–50 %. */
    public Builder lossPercent(double percent) {
      if (percent < 0 || percent > 50) {
        throw new IllegalArgumentException("loss must be 0..50 %");
      }
      this.lossPercent = percent;
      return this;
    }

    /** Holds each packet back by a random 0..jitter (which reorders them). */
    public Builder jitter(Duration jitter) {
      this.jitter = Objects.requireNonNull(jitter);
      return this;
    }

    /**
     * Sends audio this much later than it was captured (an encoder or capture pipeline delay); the
     * sender reports tell the truth, so a recorder that syncs on them is not fooled.
     */
    public Builder audioSendDelay(Duration delay) {
      this.audioSendDelay = Objects.requireNonNull(delay);
      return this;
    }

    /** Whether NACKs are answered (default true). */
    public Builder answerNacks(boolean answer) {
      this.answerNacks = answer;
      return this;
    }

    /** Seed of loss, jitter, SSRCs and sequence numbers (default 1). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sends our candidates before the offer (the recorder receives "early candidates" and must hold
     * them, §1.7).
     */
    public Builder candidatesBeforeOffer(boolean early) {
      this.candidatesBeforeOffer = early;
      return this;
    }

    /** Rewrites every offer SDP before it is sent (hostile-input tests). */
    public Builder offerRewriter(UnaryOperator<String> rewriter) {
      this.offerRewriter = Objects.requireNonNull(rewriter);
      return this;
    }

    /** Stops sending DTLS after this many datagrams (a peer stalling mid-handshake); -1 never. */
    public Builder dtlsStallAfter(int datagrams) {
      this.dtlsStallAfter = datagrams;
      return this;
    }

    public Builder dtlsHandshakeTimeout(Duration timeout) {
      this.handshakeTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** Pings over the data channel at this interval (null: never; Raspberry Ninja mode: 3 s). */
    public Builder pingInterval(Duration interval) {
      this.pingInterval = interval;
      this.pingSet = true;
      return this;
    }

    /**
     * Ignores the first {@code count} hellos (counted over all connections), as if they were lost
     * on the way: a browser-mode publisher then offers no media; {@link Integer#MAX_VALUE}: every
     * hello.
     */
    public Builder ignoreHellos(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("count must be >= 0");
      }
      this.ignoredHellos = count;
      return this;
    }

    public TestPublisher build() {
      if (!srtpProfilesSet) {
        srtpProfiles =
            mode == PublisherMode.RASPBERRY_NINJA
                ? List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80)
                : List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80);
      }
      if (!pingSet && mode == PublisherMode.RASPBERRY_NINJA) {
        pingInterval = Duration.ofSeconds(3);
      }
      return new TestPublisher(this);
    }

    // Hook for the load generator (recorder-cli loadgen), kept apart from the options above.
    private SampleClip clip;

    /**
     * Sends this clip instead of the bundled {@link SampleClip#h264()}, e.g. one padded to a bit
     * rate by {@link io.roomrecorder.testpeer.media.BitrateFiller}; its {@link SampleClip#codec()
     * codec} is the one offered. The clip is shared, never modified.
     */
    public Builder clip(SampleClip clip) {
      this.clip = Objects.requireNonNull(clip, "clip");
      return this;
    }
  }
}
