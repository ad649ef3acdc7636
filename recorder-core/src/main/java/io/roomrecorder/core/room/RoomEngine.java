package io.roomrecorder.core.room;

import io.roomrecorder.api.PeerState;
import io.roomrecorder.api.RecorderConfig;
import io.roomrecorder.api.RecorderEvent;
import io.roomrecorder.api.RoomRecorder;
import io.roomrecorder.api.StreamStats;
import io.roomrecorder.api.TurnServer;
import io.roomrecorder.core.dtls.DtlsCertificate;
import io.roomrecorder.core.media.ParticipantRecording;
import io.roomrecorder.core.peer.MediaReceiver;
import io.roomrecorder.core.peer.PeerConfig;
import io.roomrecorder.core.peer.PeerSession;
import io.roomrecorder.core.peer.SerialExecutor;
import io.roomrecorder.core.srtp.SrtpTransformer;
import io.roomrecorder.ice.IceAgent;
import io.roomrecorder.ice.IceConfig;
import io.roomrecorder.ice.SelectedPair;
import io.roomrecorder.ice.TransportPolicy;
import io.roomrecorder.signaling.RoomNames;
import io.roomrecorder.signaling.SignalingConfig;
import io.roomrecorder.signaling.SignalingEvent;
import io.roomrecorder.signaling.StreamIds;
import io.roomrecorder.signaling.client.SignalingClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a room: follows the signaling session's announcements and offers, runs one {@link
 * PeerSession} and one {@link ParticipantRecording} per publisher connection, and reports events.
 *
 * <p>A connection is identified by the publisher's UUID and session: a new session (or UUID) of the
 * same stream is a new connection and a new file; an offer on a known one is a renegotiation. When
 * a connection ends its file is finalized and the signaling session plays the stream again later,
 * so a participant who comes back is recorded again (into a new file).
 *
 * <p>Threads: signaling events arrive on the engine's serial executor; each peer session has its
 * own; {@link #stats()} and {@link #close()} may be called from any thread.
 */
public final class RoomEngine implements RoomRecorder.Engine {
  private static final Logger LOG = LoggerFactory.getLogger(RoomEngine.class);

  /** How long {@link #close()} waits for every file to be finalized. */
  static final Duration CLOSE_WAIT = Duration.ofMillis(1800);

  public static final RoomRecorder.EngineFactory FACTORY = RoomEngine::new;

  private final RecorderConfig config;
  private final Consumer<RecorderEvent> events;
  private final ExecutorService sessionPool;
  private final ExecutorService handshakePool;
  private final ScheduledExecutorService timers;
  private final SerialExecutor engineExecutor;
  private final SecureRandom random = new SecureRandom();
  private final Instant roomOrigin;
  private final Map<String, Participant> participants = new ConcurrentHashMap<>();
  private volatile SignalingClient signaling;
  private ScheduledFuture<?> flushTimer;
  private PeerConfig peerConfig;
  private volatile boolean closed;

  /** One publisher connection: its session and its file. */
  private final class Participant {
    final String key;
    final String uuid;
    final String streamId;
    final PeerSession session;
    final ParticipantRecording recording;
    final CountDownLatch ended = new CountDownLatch(1);

    Participant(String key, String uuid, String session, String streamId) {
      this.key = key;
      this.uuid = uuid;
      this.streamId = streamId;
      String base =
          StreamIds.fileNameSafe(prefix())
              + "_"
              + StreamIds.fileNameSafe(streamId)
              + "_"
              + Instant.now().getEpochSecond();
      PeerSession[] self = new PeerSession[1];
      this.recording =
          new ParticipantRecording(
              config.outputFolder(),
              base,
              streamId,
              roomOrigin,
              Instant::now,
              RoomEngine::nowMs,
              () -> counters(self[0]),
              new RecordingEvents(streamId));
      this.session =
          new PeerSession(
              streamId,
              config.room().orElse(null),
              uuid,
              session,
              peerConfig,
              new PeerSession.Signaling() {
                @Override
                public void sendAnswer(String sdp) {
                  SignalingClient c = signaling;
                  if (c != null) {
                    c.sendAnswer(uuid, session, sdp);
                  }
                }

                @Override
                public void sendCandidate(String line, int index) {
                  SignalingClient c = signaling;
                  if (c != null) {
                    c.sendCandidate(uuid, session, line, index);
                  }
                }
              },
              signaling.dataChannelCodec(),
              recording,
              new SessionEvents(this));
      self[0] = this.session;
    }
  }

  private static ParticipantRecording.Counters counters(PeerSession session) {
    MediaReceiver.Stats s = session == null ? null : session.mediaStats();
    return s == null
        ? ParticipantRecording.Counters.NONE
        : new ParticipantRecording.Counters(
            s.packetsLost(), s.packetsRecovered(), s.nacksSent(), s.plisSent(), s.firsSent());
  }

  private final class SessionEvents implements PeerSession.Listener {
    private final Participant p;

    SessionEvents(Participant p) {
      this.p = p;
    }

    @Override
    public void onStateChanged(PeerState from, PeerState to, String reason) {
      emit(new RecorderEvent.PeerStateChanged(Instant.now(), p.streamId, from, to, reason));
    }

    @Override
    public void onWarning(String message) {
      emit(new RecorderEvent.Warning(Instant.now(), p.streamId, message));
    }

    @Override
    public void onEnded(PeerState finalState, String reason) {
      // The session already closed its media (and so the recording) on this executor.
      p.recording.close(reason);
      participants.remove(p.key, p);
      emit(new RecorderEvent.ParticipantLeft(Instant.now(), p.streamId, reason));
      SignalingClient c = signaling;
      if (c != null && !closed) {
        c.streamEnded(p.uuid);
      }
      p.ended.countDown();
    }
  }

  private final class RecordingEvents implements ParticipantRecording.Listener {
    private final String streamId;

    RecordingEvents(String streamId) {
      this.streamId = streamId;
    }

    @Override
    public void onRecordingStarted(Path file) {
      emit(new RecorderEvent.RecordingStarted(Instant.now(), streamId, file));
    }

    @Override
    public void onRecordingStopped(Path file, Duration mediaDuration, long bytes, String reason) {
      emit(
          new RecorderEvent.RecordingStopped(
              Instant.now(), streamId, file, mediaDuration, bytes, reason));
    }

    @Override
    public void onError(String message) {
      emit(new RecorderEvent.Error(Instant.now(), streamId, message));
    }
  }

  public RoomEngine(RecorderConfig config, Consumer<RecorderEvent> events) {
    this.config = config;
    this.events = events;
    this.roomOrigin = Instant.now();
    this.sessionPool =
        Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), daemon("rr-session"));
    this.handshakePool = Executors.newFixedThreadPool(4, daemon("rr-dtls"));
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemon("rr-timer"));
    t.setRemoveOnCancelPolicy(true);
    this.timers = t;
    this.engineExecutor =
        new SerialExecutor(
            sessionPool,
            config.room().isPresent()
                ? Map.of(PeerSession.MDC_ROOM, config.room().get())
                : Map.of());
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread thread = new Thread(r, prefix + "-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  static long nowMs() {
    return System.nanoTime() / 1_000_000;
  }

  /** The user's prefix, else the room name as the browser sanitizes it, else the stream ID. */
  private String prefix() {
    return config
        .filePrefix()
        .orElseGet(
            () ->
                config
                    .room()
                    .map(RoomNames::sanitize)
                    .orElseGet(() -> config.streamId().orElse("stream")));
  }

  @Override
  public synchronized void start() {
    if (signaling != null || closed) {
      return;
    }
    peerConfig =
        new PeerConfig(
            iceConfig(config),
            DtlsCertificate.perProcess(random, Instant.now()),
            sessionPool,
            handshakePool,
            timers,
            RoomEngine::nowMs,
            random,
            config.audio(),
            "h264",
            config.connectTimeout(),
            config.mediaTimeout());
    SignalingConfig.Builder s =
        SignalingConfig.builder().server(config.server()).insecureTls(config.insecureTls());
    config.room().ifPresent(s::room);
    config.streamId().ifPresent(s::streamId);
    if (!config.streamsFilter().isEmpty()) {
      s.streams(config.streamsFilter());
    }
    config.password().ifPresent(s::password);
    config.salt().ifPresent(s::salt);
    // One-time library set-up now, not when the first participant's media is already flowing.
    handshakePool.execute(RoomEngine::warmUp);
    signaling = SignalingClient.start(s.build(), engineExecutor, this::onSignalingEvent);
    flushTimer = timers.scheduleAtFixedRate(this::tickRecordings, 500, 500, TimeUnit.MILLISECONDS);
    LOG.info("recording {} into {}", config, config.outputFolder().toAbsolutePath());
  }

  private static void warmUp() {
    long t0 = System.nanoTime();
    try {
      IceAgent.warmUp();
      SrtpTransformer.warmUp();
    } catch (RuntimeException | LinkageError e) {
      LOG.warn(
          "library warm-up failed (the first participant will initialize them): {}", e.toString());
      return;
    }
    LOG.debug("ICE and SRTP libraries initialized in {} ms", (System.nanoTime() - t0) / 1_000_000);
  }

  static IceConfig iceConfig(RecorderConfig config) {
    IceConfig.Builder b = IceConfig.builder();
    if (config.stunServers().isEmpty()) {
      b.noStun();
    } else {
      config.stunServers().forEach(b::stunServer);
    }
    for (TurnServer t : config.turnServers()) {
      if (t.username() != null) {
        b.turnServer(t.url(), t.username(), t.password());
      } else {
        b.turnServer(t.url());
      }
    }
    b.policy(
        switch (config.iceTransportPolicy()) {
          case ALL -> TransportPolicy.ALL;
          case RELAY -> TransportPolicy.RELAY;
        });
    b.allowLoopback(config.allowLoopback());
    config.localAddresses().forEach(b::allowAddress);
    config.allowedRemoteNetworks().forEach(b::allowRemoteNetwork);
    b.connectTimeout(config.connectTimeout());
    return b.build();
  }

  private void onSignalingEvent(SignalingEvent event) {
    if (closed) {
      return;
    }
    if (event instanceof SignalingEvent.OfferReceived o) {
      onOffer(o);
    } else if (event instanceof SignalingEvent.CandidatesReceived c) {
      Participant p = participants.get(key(c.uuid(), c.session()));
      if (p != null) {
        p.session.handleRemoteCandidates(c.candidates());
      }
    } else if (event instanceof SignalingEvent.PeerLeft l) {
      for (Participant p : participants.values()) {
        if (p.uuid.equals(l.uuid())) {
          p.session.close("signaling: " + l.reason());
        }
      }
    } else if (event instanceof SignalingEvent.StreamAnnounced a) {
      LOG.info("[{}] stream announced by {}", a.streamId(), a.uuid());
    } else if (event instanceof SignalingEvent.Connected) {
      emit(new RecorderEvent.SignalingChanged(Instant.now(), true, "connected"));
    } else if (event instanceof SignalingEvent.Disconnected d) {
      emit(
          new RecorderEvent.SignalingChanged(
              Instant.now(), false, d.reason() + "; retry in " + d.retryInMs() + " ms"));
    }
  }

  private static String key(String uuid, String session) {
    return uuid + "\u0000" + session;
  }

  private void onOffer(SignalingEvent.OfferReceived o) {
    String key = key(o.uuid(), o.session());
    Participant existing = participants.get(key);
    if (existing != null) {
      existing.session.handleOffer(o.sdp());
      return;
    }
    String streamId = o.streamId() != null ? o.streamId() : o.uuid();
    // A new session of the same publisher is a new connection: the old one ends, a new file starts.
    for (Participant p : participants.values()) {
      if (p.uuid.equals(o.uuid()) || p.streamId.equals(streamId)) {
        p.session.close("replaced by a new connection");
      }
    }
    Participant p = new Participant(key, o.uuid(), o.session(), streamId);
    participants.put(key, p);
    emit(new RecorderEvent.ParticipantJoined(Instant.now(), streamId, o.uuid()));
    p.session.handleOffer(o.sdp());
  }

  private void tickRecordings() {
    for (Participant p : participants.values()) {
      p.session.requestTick(p.recording::tick);
    }
  }

  private void emit(RecorderEvent event) {
    try {
      events.accept(event);
    } catch (RuntimeException e) {
      LOG.warn("event listener failed on {}", event, e);
    }
  }

  @Override
  public List<StreamStats> stats() {
    List<StreamStats> out = new ArrayList<>();
    for (Participant p : participants.values()) {
      MediaReceiver.Stats m = p.session.mediaStats();
      SelectedPair pair = p.session.selectedPair();
      out.add(
          new StreamStats(
              p.streamId,
              p.session.state(),
              pair == null ? "" : pair.localType().sdpName() + "/" + pair.remoteType().sdpName(),
              m == null || m.videoCodec() == null ? "" : m.videoCodec(),
              m == null ? 0 : m.width(),
              m == null ? 0 : m.height(),
              p.session.framesPerSecond(),
              p.session.bitrateBps(),
              // Written to the file, as StreamStats documents; the receiver's own counts also
              // hold frames dropped before the first keyframe opened the file.
              p.recording.videoFrames(),
              p.recording.audioFrames(),
              m == null ? 0 : m.packetsLost(),
              m == null ? 0 : m.packetsRecovered(),
              m == null ? 0 : m.nacksSent(),
              m == null ? 0 : m.plisSent(),
              m == null ? 0 : m.firsSent(),
              p.recording.path(),
              p.recording.bytes(),
              p.recording.duration()));
    }
    return out;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    List<Participant> open = new ArrayList<>(participants.values());
    for (Participant p : open) {
      p.session.close("recorder closing");
    }
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
    for (Participant p : open) {
      try {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !p.ended.await(left, TimeUnit.NANOSECONDS)) {
          LOG.warn("[{}] not finalized within {} ms", p.streamId, CLOSE_WAIT.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (flushTimer != null) {
      flushTimer.cancel(false);
    }
    SignalingClient c = signaling;
    if (c != null) {
      c.close();
    }
    timers.shutdownNow();
    handshakePool.shutdownNow();
    sessionPool.shutdown();
    try {
      sessionPool.awaitTermination(500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sessionPool.shutdownNow();
  }
}
