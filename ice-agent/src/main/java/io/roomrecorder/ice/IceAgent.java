package io.roomrecorder.ice;

import io.roomrecorder.ice.turn.TurnClient;
import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.StunCandidateHarvester;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ICE agent (RFC 8445) for one bundled, rtcp-muxed transport, on ice4j, with trickle (RFC
 * 8838), an explicit {@link IceState} machine, a relay-only policy, TURN over UDP/TCP/TLS and the
 * selected pair as an {@link IceDatagramPort}.
 *
 * <p>Typical use (the recorder answering an offer):
 *
 * <pre>{@code
 * IceAgent ice = IceAgent.create(config, IceRole.CONTROLLED, eventLoop, listener);
 * ice.datagramPort().setReceiveHandler(dtls::onDatagram);
 * ice.setRemoteCredentials(offerUfrag, offerPwd);      // any time; candidates before it are queued
 * ice.startGathering();                                 // local candidates arrive as events
 * ice.start();                                          // checks begin once gathering completes
 * ice.addRemoteCandidate("candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host");
 * ...
 * ice.close();
 * }</pre>
 *
 * <p>Threads and ownership: every public method is thread-safe and non-blocking except {@link
 * #close()} (typically tens of milliseconds; bounded: it joins the agent's gathering and receive
 * threads for at most 2 s each). Events go to the caller's executor, serialized per agent. The
 * agent owns: ice4j's agent (its sockets and per-socket threads), one gathering thread while
 * gathering, one TURN reader thread per allocation, one receive thread once connected. A
 * process-wide daemon timer ({@code ice-agent-timer}) runs timeouts, consent monitoring and TURN
 * refreshes; ice4j keeps its own static pools (idle threads expire after 60 s). {@link #close()}
 * releases everything the agent owns.
 */
public final class IceAgent implements AutoCloseable {
  static {
    // Before any ice4j class initializes (its configuration is read once).
    Ice4jProperties.apply();
  }

  private static final Logger LOG = LoggerFactory.getLogger(IceAgent.class);
  private static final int MAX_PENDING_REMOTE = 512;
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final ScheduledThreadPoolExecutor TIMER = newTimer();

  private final int id = IDS.incrementAndGet();
  private final IceConfig config;
  private final IceRole role;
  private final SerialExecutor events;
  private final IceListener listener;
  private final Agent agent;
  private final Object iceLock = new Object();
  private final Object stateLock = new Object();
  // Guards the timers and the receive thread; never held while calling into ice4j, so that ice4j
  // threads reporting state changes can never deadlock against a caller holding iceLock.
  private final Object sideLock = new Object();
  private final DatagramPort port = new DatagramPort();
  private final HostHarvester hostHarvester;

  // Guarded by stateLock.
  private IceState state = IceState.NEW;
  private GatheringState gatheringState = GatheringState.NEW;
  private IceState stateBeforeDisconnect;

  // Guarded by iceLock.
  private IceMediaStream stream;
  private volatile Component component;
  private volatile String remoteUfrag;
  private String remotePassword;
  private final List<IceCandidate> pendingRemote = new ArrayList<>();
  private boolean startRequested;
  private boolean iceStarted;
  private volatile boolean closed;
  private Thread gatherThread;

  // Guarded by sideLock.
  private Thread receiveThread;
  private ScheduledFuture<?> connectTimer;
  private ScheduledFuture<?> consentTimer;

  private final List<TurnClient> turnClients = new CopyOnWriteArrayList<>();
  private final List<RelayedDatagramSocket> relayedSockets = new CopyOnWriteArrayList<>();
  private final Map<String, String> turnErrors = new ConcurrentHashMap<>();
  private final Map<CandidateType, AtomicInteger> localCounts = new EnumMap<>(CandidateType.class);
  private final Map<CandidateType, AtomicInteger> remoteCounts = new EnumMap<>(CandidateType.class);
  private final Map<CandidateDropReason, AtomicLong> dropped =
      new EnumMap<>(CandidateDropReason.class);
  private final AtomicLong remoteAccepted = new AtomicLong();
  private final AtomicLong datagramsSent = new AtomicLong();
  private final DirectPath direct;
  private volatile String failureReport;
  private volatile CandidatePair firstValidPair;

  private IceAgent(IceConfig config, IceRole role, Executor events, IceListener listener) {
    this.config = config;
    this.role = role;
    this.events = new SerialExecutor(events);
    this.listener = listener;
    for (CandidateType t : CandidateType.values()) {
      localCounts.put(t, new AtomicInteger());
      remoteCounts.put(t, new AtomicInteger());
    }
    for (CandidateDropReason r : CandidateDropReason.values()) {
      dropped.put(r, new AtomicLong());
    }
    direct = new DirectPath(Integer.toString(id));
    agent = new Agent();
    agent.setControlling(role == IceRole.CONTROLLING);
    agent.setUseDynamicPorts(false);
    // Trickle: createComponent runs only host harvesters; STUN and TURN run on our own thread.
    agent.setTrickling(true);
    agent.setPerformConsentFreshness(config.consentFreshness());
    if (config.policy() == TransportPolicy.ALL) {
      hostHarvester = new HostHarvester(config, direct, Integer.toString(id));
      agent.addCandidateHarvester(hostHarvester);
    } else {
      hostHarvester = null;
    }
    agent.addStateChangeListener(this::onIce4jStateChange);
  }

  private static final java.util.concurrent.atomic.AtomicBoolean WARMED_UP =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Initializes ice4j once (its configuration, STUN stack and harvester set-up happen in the first
   * {@code Agent} of the process and take hundreds of milliseconds) by creating and freeing an
   * agent without sockets, so the first real agent does not pay for it while its peer waits.
   * Idempotent; safe from any thread; never opens a socket or sends anything.
   */
  public static void warmUp() {
    if (!WARMED_UP.compareAndSet(false, true)) {
      return;
    }
    Agent a = new Agent();
    try {
      a.setUseDynamicPorts(false);
    } finally {
      a.free();
    }
  }

  /**
   * Creates an agent; nothing is bound until {@link #startGathering()}.
   *
   * @param config validated configuration
   * @param role {@link IceRole#CONTROLLED} when answering (the recorder), {@link
   *     IceRole#CONTROLLING} when offering
   * @param events where listener calls run (serialized per agent); e.g. the session's event loop.
   *     It must hand tasks to another thread (not {@code Runnable::run}): the agent submits while
   *     holding its locks and relies on listeners not running inside them
   * @param listener receives state changes and local candidates
   */
  public static IceAgent create(
      IceConfig config, IceRole role, Executor events, IceListener listener) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(listener, "listener");
    return new IceAgent(config, role, events, listener);
  }

  /** Our ICE ufrag for the SDP ({@code a=ice-ufrag}). */
  public String localUfrag() {
    return agent.getLocalUfrag();
  }

  /** Our ICE password for the SDP ({@code a=ice-pwd}), at least 22 characters. */
  public String localPassword() {
    return agent.getLocalPassword();
  }

  public IceRole role() {
    return role;
  }

  public IceState state() {
    synchronized (stateLock) {
      return state;
    }
  }

  public GatheringState gatheringState() {
    synchronized (stateLock) {
      return gatheringState;
    }
  }

  /** The datagram port of the selected pair (exists from creation; sends once connected). */
  public IceDatagramPort datagramPort() {
    return port;
  }

  /** The selected (or first valid) pair, or {@code null}. */
  public SelectedPair selectedPair() {
    return port.selectedPair();
  }

  /**
   * Opens the host sockets (reported at once as {@link IceListener#onLocalCandidate} events) and
   * starts STUN and TURN gathering on a worker thread. Idempotent.
   */
  public void startGathering() {
    synchronized (iceLock) {
      if (closed || stream != null) {
        return;
      }
      setGatheringState(GatheringState.GATHERING);
      transition(
          IceState.GATHERING,
          "gathering started (policy "
              + config.policy().name().toLowerCase(java.util.Locale.ROOT)
              + ")");
      stream = agent.createMediaStream("media");
      stream.addPairChangeListener(this::onPairChange);
      if (remoteUfrag != null) {
        stream.setRemoteUfrag(remoteUfrag);
        stream.setRemotePassword(remotePassword);
      }
      try {
        component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
      } catch (IOException | RuntimeException e) {
        LOG.warn("ICE[{}] cannot create the component: {}", id, e.toString());
        setGatheringState(GatheringState.COMPLETE);
        fail("cannot open local sockets: " + e.getMessage());
        return;
      }
      for (LocalCandidate lc : component.getLocalCandidates()) {
        emitLocal(lc);
      }
      applyPendingRemote();
      gatherThread = new Thread(this::gatherFromServers, "ice-gather-" + id);
      gatherThread.setDaemon(true);
      gatherThread.start();
    }
  }

  /**
   * Sets the peer's {@code a=ice-ufrag} / {@code a=ice-pwd}. Queued remote candidates are applied
   * now (if gathering has started).
   *
   * @throws IllegalArgumentException if they are not valid ice-chars of RFC 8839 §5.4 lengths
   * @throws IllegalStateException if different credentials were set before (ICE restart is not
   *     supported; create a new agent)
   */
  public void setRemoteCredentials(String ufrag, String password) {
    if (!validIceChars(ufrag, 4, 256) || !validIceChars(password, 22, 256)) {
      throw new IllegalArgumentException(
          "remote ICE credentials are not valid RFC 8839 ice-ufrag/ice-pwd");
    }
    synchronized (iceLock) {
      if (closed) {
        return;
      }
      if (remoteUfrag != null) {
        if (remoteUfrag.equals(ufrag) && remotePassword.equals(password)) {
          return;
        }
        throw new IllegalStateException(
            "remote ICE credentials changed (ICE restart is not supported)");
      }
      remoteUfrag = ufrag;
      remotePassword = password;
      if (stream != null) {
        stream.setRemoteUfrag(ufrag);
        stream.setRemotePassword(password);
        applyPendingRemote();
      }
      maybeStartChecks();
    }
  }

  /**
   * Adds a remote candidate line ({@code candidate:...}, with or without {@code a=}) at any moment:
   * before the remote credentials (queued and applied later), during checks or after connection.
   * Lines that cannot be used are dropped with a counted reason; nothing is thrown and nothing
   * blocks (no DNS). Thread-safe: may be called from many threads at once.
   */
  public RemoteCandidateResult addRemoteCandidate(String line) {
    IceCandidate.ParseResult parsed = IceCandidate.parse(line);
    if (!parsed.ok()) {
      return drop(CandidateDropReason.MALFORMED, parsed.error());
    }
    IceCandidate c = parsed.candidate();
    RemoteCandidateResult filtered = filter(c);
    if (filtered != null) {
      return filtered;
    }
    synchronized (iceLock) {
      if (closed) {
        return drop(CandidateDropReason.AGENT_CLOSED, "agent closed");
      }
      String ufrag = c.extension("ufrag");
      if (ufrag != null && remoteUfrag != null && !ufrag.equals(remoteUfrag)) {
        return drop(
            CandidateDropReason.UFRAG_MISMATCH, "ufrag " + ufrag + " is not the remote ufrag");
      }
      if (stream == null || remoteUfrag == null) {
        if (pendingRemote.size() >= MAX_PENDING_REMOTE) {
          return drop(
              CandidateDropReason.MALFORMED,
              "more than " + MAX_PENDING_REMOTE + " queued candidates");
        }
        pendingRemote.add(c);
        remoteAccepted.incrementAndGet();
        remoteCounts.get(c.type()).incrementAndGet();
        return RemoteCandidateResult.accepted(
            "queued until the remote credentials and local sockets exist");
      }
      RemoteCandidateResult r = applyRemote(c);
      if (r.accepted()) {
        remoteAccepted.incrementAndGet();
        remoteCounts.get(c.type()).incrementAndGet();
      }
      return r;
    }
  }

  /**
   * Starts connectivity checks: at once if gathering is complete and the remote credentials are
   * known, else as soon as both are. Starts gathering if needed, and the connect timeout.
   * Idempotent.
   */
  public void start() {
    synchronized (iceLock) {
      if (closed || startRequested) {
        return;
      }
      startRequested = true;
    }
    long ms = config.connectTimeout().toMillis();
    synchronized (sideLock) {
      if (!closed) {
        connectTimer = TIMER.schedule(() -> onConnectTimeout(ms), ms, TimeUnit.MILLISECONDS);
      }
    }
    startGathering();
    synchronized (iceLock) {
      maybeStartChecks();
    }
  }

  /** A snapshot of the counters. */
  public IceStats stats() {
    Map<CandidateType, Integer> local = new EnumMap<>(CandidateType.class);
    localCounts.forEach((k, v) -> local.put(k, v.get()));
    Map<CandidateDropReason, Long> drops = new EnumMap<>(CandidateDropReason.class);
    dropped.forEach((k, v) -> drops.put(k, v.get()));
    int queued;
    synchronized (iceLock) {
      queued = pendingRemote.size();
    }
    return new IceStats(
        state(),
        gatheringState(),
        local,
        remoteAccepted.get(),
        queued,
        drops,
        datagramsSent.get(),
        direct.received(),
        direct.noHandler(),
        (hostHarvester == null ? 0 : hostHarvester.inboxDropped())
            + relayedSockets.stream().mapToLong(RelayedDatagramSocket::dropped).sum(),
        new LinkedHashMap<>(turnErrors),
        failureReport);
  }

  /**
   * Releases every socket and thread of this agent (ice4j sockets, TURN allocations, which are
   * deleted on the server, the gathering and receive threads) and moves to {@link IceState#CLOSED}.
   * Idempotent; do not call from an ice4j thread.
   */
  @Override
  public void close() {
    Thread gather;
    Thread receive;
    synchronized (iceLock) {
      if (closed) {
        return;
      }
      closed = true;
      gather = gatherThread;
      pendingRemote.clear();
    }
    synchronized (sideLock) {
      receive = receiveThread;
    }
    transition(IceState.CLOSED, "closed by the application");
    cancelTimers();
    for (TurnClient c : turnClients) {
      c.close();
    }
    try {
      agent.free();
    } catch (RuntimeException e) {
      LOG.warn("ICE[{}] ice4j free failed: {}", id, e.toString());
    }
    for (RelayedDatagramSocket s : relayedSockets) {
      s.close();
    }
    if (hostHarvester != null) {
      hostHarvester.release();
    }
    Component c = component;
    if (c != null && c.getSocket() != null) {
      c.getSocket().close();
    }
    join(gather);
    join(receive);
  }

  private static void join(Thread t) {
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---------------------------------------------------------------- gathering

  /** Runs on the gathering thread: STUN and TURN servers in parallel, each bounded. */
  private void gatherFromServers() {
    List<Thread> workers = new ArrayList<>();
    if (config.policy() == TransportPolicy.ALL) {
      for (IceServer s : config.stunServers()) {
        workers.add(new Thread(() -> gatherStun(s), "ice-stun-" + id));
      }
    }
    for (IceServer s : config.turnServers()) {
      workers.add(new Thread(() -> gatherTurn(s), "ice-turn-" + id));
    }
    for (Thread t : workers) {
      t.setDaemon(true);
      t.start();
    }
    // A TURN allocation is two transactions (401 challenge, then authenticated), each bounded.
    long deadline =
        System.nanoTime() + config.gatheringTimeout().toNanos() * 2 + TimeUnit.SECONDS.toNanos(1);
    for (Thread t : workers) {
      try {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left > 0) {
          t.join(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    synchronized (iceLock) {
      if (closed) {
        return;
      }
      setGatheringState(GatheringState.COMPLETE);
      LOG.info("ICE[{}] gathering complete: local {}", id, describeCounts(localCounts));
      events.execute(listener::onGatheringComplete);
      maybeStartChecks();
    }
  }

  private void gatherStun(IceServer server) {
    try {
      InetAddress address = InetAddress.getByName(server.host());
      StunCandidateHarvester harvester =
          new StunCandidateHarvester(new TransportAddress(address, server.port(), Transport.UDP));
      Component c = component;
      if (c == null || closed) {
        return;
      }
      for (LocalCandidate lc : harvester.harvest(c)) {
        synchronized (iceLock) {
          if (!closed) {
            emitLocal(lc);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("ICE[{}] STUN server {} gave no candidate: {}", id, server, e.toString());
    }
  }

  private void gatherTurn(IceServer server) {
    AtomicReference<RelayedDatagramSocket> socketRef = new AtomicReference<>();
    TurnClient client =
        new TurnClient(
            server,
            config.turnTlsContext(),
            TIMER,
            config.gatheringTimeout(),
            new TurnClient.PeerDataListener() {
              @Override
              public void onPeerData(
                  InetSocketAddress peer, byte[] buffer, int offset, int length) {
                RelayedDatagramSocket s = socketRef.get();
                if (s != null) {
                  s.deliver(peer, buffer, offset, length);
                }
              }

              @Override
              public void onConnectionLost(String reason) {
                LOG.warn("ICE[{}] TURN {} lost: {}", id, server, reason);
                turnErrors.put(server.uri(), "connection lost: " + reason);
              }
            });
    turnClients.add(client);
    if (closed) {
      client.close();
      return;
    }
    try {
      client.allocate();
      RelayedDatagramSocket socket = new RelayedDatagramSocket(client.relayedAddress(), direct);
      socket.attach(client);
      socketRef.set(socket);
      relayedSockets.add(socket);
      synchronized (iceLock) {
        Component c = component;
        if (closed || c == null) {
          return;
        }
        InetSocketAddress relayed = client.relayedAddress();
        InetSocketAddress mapped = client.mappedAddress();
        Transport serverTransport =
            switch (server.transport()) {
              case UDP -> Transport.UDP;
              case TCP -> Transport.TCP;
              case TLS -> Transport.TLS;
            };
        InetSocketAddress serverAddress = client.serverAddress();
        RelayedLocalCandidate candidate =
            new RelayedLocalCandidate(
                new TransportAddress(relayed.getAddress(), relayed.getPort(), Transport.UDP),
                c,
                new TransportAddress(
                    serverAddress.getAddress(), serverAddress.getPort(), serverTransport),
                mapped == null
                    ? null
                    : new TransportAddress(mapped.getAddress(), mapped.getPort(), Transport.UDP),
                socket,
                server.transport().token());
        if (!c.addLocalCandidate(candidate)) {
          LOG.info("ICE[{}] TURN {} relayed address {} is redundant", id, server, relayed);
          return;
        }
        candidate.getStunStack().addSocket(candidate.getStunSocket(null));
        if (c.getComponentSocket() != null) {
          c.getComponentSocket().add(candidate.socketWrapper());
        }
        // Permissions for the remote candidates we already know (RFC 8656 §9).
        for (RemoteCandidate rc : c.getRemoteCandidates()) {
          client.permit(rc.getTransportAddress().getAddress());
        }
        for (IceCandidate p : pendingRemote) {
          InetAddress a = IpLiterals.parse(p.address());
          if (a != null) {
            client.permit(a);
          }
        }
        emitLocal(candidate);
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        turnErrors.put(server.uri(), e.getMessage() == null ? e.toString() : e.getMessage());
        LOG.warn(
            "ICE[{}] TURN server {} gave no relay candidate: {}",
            id,
            server,
            e.getMessage() == null ? e.toString() : e.getMessage());
      }
      client.close();
    }
  }

  /** Reports a local candidate (iceLock held); with policy relay only relayed ones. */
  private void emitLocal(LocalCandidate lc) {
    CandidateType type = typeOf(lc.getType());
    if (config.policy() == TransportPolicy.RELAY && type != CandidateType.RELAY) {
      return;
    }
    if (gatheringState() == GatheringState.COMPLETE) {
      // A server answered after the gathering deadline: end-of-candidates was already signaled.
      LOG.info(
          "ICE[{}] late {} candidate not signaled (gathering already complete)",
          id,
          type.sdpName());
      return;
    }
    localCounts.get(type).incrementAndGet();
    IceCandidate c = toIceCandidate(lc, type, config.policy() == TransportPolicy.RELAY);
    LOG.debug("ICE[{}] local candidate {}", id, c);
    events.execute(() -> listener.onLocalCandidate(c));
  }

  /**
   * Formats a local candidate. With policy relay the related address is 0.0.0.0:0 so that the
   * signaled candidate reveals no address of this host (the purpose of relay-only).
   */
  private static IceCandidate toIceCandidate(
      LocalCandidate lc, CandidateType type, boolean hideRelated) {
    TransportAddress ta = lc.getTransportAddress();
    String raddr = null;
    int rport = -1;
    TransportAddress related = null;
    if (type == CandidateType.SRFLX || type == CandidateType.PRFLX) {
      related = lc.getBase() != null ? lc.getBase().getTransportAddress() : null;
    } else if (type == CandidateType.RELAY) {
      related = lc.getMappedAddress();
    }
    if (related != null && !hideRelated) {
      raddr = related.getHostAddress();
      rport = related.getPort();
    } else if (type == CandidateType.RELAY || (related != null && hideRelated)) {
      raddr = "0.0.0.0";
      rport = 0;
    }
    return new IceCandidate(
        lc.getFoundation(),
        1,
        "udp",
        lc.getPriority(),
        ta.getHostAddress(),
        ta.getPort(),
        type,
        raddr,
        rport,
        Map.of());
  }

  static CandidateType typeOf(org.ice4j.ice.CandidateType t) {
    return switch (t) {
      case HOST_CANDIDATE, LOCAL_CANDIDATE, STUN_CANDIDATE -> CandidateType.HOST;
      case SERVER_REFLEXIVE_CANDIDATE -> CandidateType.SRFLX;
      case PEER_REFLEXIVE_CANDIDATE -> CandidateType.PRFLX;
      case RELAYED_CANDIDATE -> CandidateType.RELAY;
    };
  }

  private static org.ice4j.ice.CandidateType toIce4j(CandidateType t) {
    return switch (t) {
      case HOST -> org.ice4j.ice.CandidateType.HOST_CANDIDATE;
      case SRFLX -> org.ice4j.ice.CandidateType.SERVER_REFLEXIVE_CANDIDATE;
      case PRFLX -> org.ice4j.ice.CandidateType.PEER_REFLEXIVE_CANDIDATE;
      case RELAY -> org.ice4j.ice.CandidateType.RELAYED_CANDIDATE;
    };
  }

  // ---------------------------------------------------------------- remote candidates

  /** Checks that need no agent state; returns a drop result or null. */
  private RemoteCandidateResult filter(IceCandidate c) {
    if (!c.transport().equals("udp")) {
      return drop(CandidateDropReason.TCP_CANDIDATE, "transport " + c.transport());
    }
    if (c.component() != 1) {
      return drop(CandidateDropReason.UNSUPPORTED_COMPONENT, "component " + c.component());
    }
    InetAddress address = IpLiterals.parse(c.address());
    if (address == null) {
      if (c.address().toLowerCase(java.util.Locale.ROOT).endsWith(".local")) {
        return drop(
            CandidateDropReason.MDNS_HOSTNAME, "mDNS host name (peer will be learned as prflx)");
      }
      return drop(CandidateDropReason.UNRESOLVED_HOSTNAME, "not an IP literal");
    }
    if (address.isAnyLocalAddress()
        || address.isMulticastAddress()
        || c.port() == 0
        || isBroadcast(address)) {
      return drop(CandidateDropReason.UNUSABLE_ADDRESS, address.getHostAddress() + ":" + c.port());
    }
    if (!config.allowedRemoteNetworks().isEmpty()
        && config.allowedRemoteNetworks().stream().noneMatch(n -> n.contains(address))) {
      return drop(
          CandidateDropReason.OUTSIDE_ALLOWED_NETWORKS,
          address.getHostAddress() + " not in " + config.allowedRemoteNetworks());
    }
    return null;
  }

  private static boolean isBroadcast(InetAddress a) {
    byte[] b = a.getAddress();
    return b.length == 4 && (b[0] & b[1] & b[2] & b[3]) == (byte) 0xFF;
  }

  private RemoteCandidateResult drop(CandidateDropReason reason, String detail) {
    dropped.get(reason).incrementAndGet();
    LOG.debug("ICE[{}] remote candidate dropped: {} ({})", id, reason, detail);
    return RemoteCandidateResult.dropped(reason, detail);
  }

  /** Applies queued candidates once the stream and the remote credentials exist (iceLock held). */
  private void applyPendingRemote() {
    if (stream == null || remoteUfrag == null || component == null) {
      return;
    }
    Queue<IceCandidate> queue = new ArrayDeque<>(pendingRemote);
    pendingRemote.clear();
    for (IceCandidate c : queue) {
      String ufrag = c.extension("ufrag");
      if (ufrag != null && !ufrag.equals(remoteUfrag)) {
        remoteAccepted.decrementAndGet();
        remoteCounts.get(c.type()).decrementAndGet();
        drop(CandidateDropReason.UFRAG_MISMATCH, "queued candidate of another ufrag");
        continue;
      }
      applyRemote(c);
    }
  }

  /** Hands one remote candidate to ice4j (iceLock held). */
  private RemoteCandidateResult applyRemote(IceCandidate c) {
    Component comp = component;
    if (comp == null) {
      pendingRemote.add(c);
      return RemoteCandidateResult.accepted("queued until local sockets exist");
    }
    InetAddress address = IpLiterals.parse(c.address());
    TransportAddress ta = new TransportAddress(address, c.port(), Transport.UDP);
    for (TurnClient t : turnClients) {
      t.permit(address);
    }
    if (comp.findRemoteCandidate(ta) != null) {
      return RemoteCandidateResult.accepted("duplicate of a known candidate");
    }
    RemoteCandidate rc =
        new RemoteCandidate(ta, comp, toIce4j(c.type()), c.foundation(), c.priority(), null);
    if (!iceStarted) {
      comp.addRemoteCandidate(rc);
      return RemoteCandidateResult.accepted("added before checks");
    }
    IceProcessingState s = agent.getState();
    comp.addUpdateRemoteCandidates(rc);
    comp.updateRemoteCandidates();
    if (s == IceProcessingState.RUNNING) {
      return RemoteCandidateResult.accepted("added during checks");
    }
    return RemoteCandidateResult.accepted(
        "added after checks ended (" + s + "); kept for the record");
  }

  // ---------------------------------------------------------------- checks and states

  private void maybeStartChecks() {
    if (closed
        || !startRequested
        || iceStarted
        || remoteUfrag == null
        || stream == null
        || component == null) {
      return;
    }
    if (gatheringState() != GatheringState.COMPLETE) {
      return;
    }
    applyPendingRemote();
    iceStarted = true;
    // Transition before ice4j runs, so its first events find us in CHECKING.
    transition(
        IceState.CHECKING,
        "connectivity checks started with "
            + component.getRemoteCandidateCount()
            + " remote candidates");
    try {
      agent.startConnectivityEstablishment();
    } catch (RuntimeException e) {
      fail("ice4j could not start checks: " + e);
    }
  }

  private void onIce4jStateChange(PropertyChangeEvent e) {
    if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(e.getPropertyName())) {
      return;
    }
    IceProcessingState from = (IceProcessingState) e.getOldValue();
    IceProcessingState to = (IceProcessingState) e.getNewValue();
    LOG.debug("ICE[{}] ice4j {} -> {}", id, from, to);
    if (closed) {
      return;
    }
    switch (to) {
      case COMPLETED -> {
        transition(IceState.CONNECTED, "valid pair " + describePair());
        transition(IceState.COMPLETED, "pair nominated " + describePair());
      }
      case FAILED -> fail("all candidate pairs failed");
      case TERMINATED -> {
        if (from == IceProcessingState.RUNNING) {
          fail("checks ended without a nominated pair");
        }
      }
      default -> {}
    }
  }

  private void onPairChange(PropertyChangeEvent e) {
    if (closed) {
      return;
    }
    if (IceMediaStream.PROPERTY_PAIR_VALIDATED.equals(e.getPropertyName())
        && e.getSource() instanceof CandidatePair p) {
      // From now on this remote's application data skips ice4j's receive threads.
      direct.accept(p.getRemoteCandidate().getTransportAddress());
      if (firstValidPair == null) {
        firstValidPair = p;
      }
    }
    if (IceMediaStream.PROPERTY_PAIR_VALIDATED.equals(e.getPropertyName())
        && state() == IceState.CHECKING) {
      transition(IceState.CONNECTED, "valid pair " + describePair());
    }
  }

  private void onConnectTimeout(long ms) {
    if (closed) {
      return;
    }
    IceState s = state();
    if (s == IceState.NEW || s == IceState.GATHERING || s == IceState.CHECKING) {
      fail("no connection within the connect timeout of " + ms + " ms");
    }
  }

  /** Consent monitor (RFC 7675): runs on the timer once connected. */
  private void checkConsent() {
    if (closed) {
      return;
    }
    Component c = component;
    CandidatePair pair = c == null ? null : c.getSelectedPair();
    long now = System.currentTimeMillis();
    long lastConsent = pair == null ? 0 : pair.getConsentFreshness();
    long lastReceivedNanos = direct.lastReceivedNanos();
    long lastData =
        lastReceivedNanos == 0
            ? 0
            : now - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastReceivedNanos);
    long last = Math.max(lastConsent, lastData);
    if (last == 0) {
      return;
    }
    long silentMs = now - last;
    IceState s = state();
    if (silentMs >= config.consentExpiry().toMillis()) {
      fail("consent expired: nothing from the peer for " + silentMs + " ms (RFC 7675)");
    } else if (silentMs >= config.disconnectedTimeout().toMillis()) {
      if (s.isConnected()) {
        synchronized (stateLock) {
          stateBeforeDisconnect = state;
        }
        transition(
            IceState.DISCONNECTED, "no consent or data from the peer for " + silentMs + " ms");
      }
    } else if (s == IceState.DISCONNECTED) {
      IceState back;
      synchronized (stateLock) {
        back = stateBeforeDisconnect == null ? IceState.CONNECTED : stateBeforeDisconnect;
      }
      transition(back, "consent refreshed");
    }
  }

  private void fail(String reason) {
    IceState current = state();
    if (!isAllowed(current, IceState.FAILED)) {
      return;
    }
    // Built before the transition so that whoever sees FAILED also sees the report.
    failureReport = failureReport(current, reason);
    transition(IceState.FAILED, reason);
  }

  /** Whether a transition is allowed; see the diagram on {@link IceState}. */
  static boolean isAllowed(IceState from, IceState to) {
    return switch (from) {
      case NEW -> to == IceState.GATHERING || to == IceState.FAILED || to == IceState.CLOSED;
      case GATHERING -> to == IceState.CHECKING || to == IceState.FAILED || to == IceState.CLOSED;
      case CHECKING -> to == IceState.CONNECTED || to == IceState.FAILED || to == IceState.CLOSED;
      case CONNECTED ->
          to == IceState.COMPLETED
              || to == IceState.DISCONNECTED
              || to == IceState.FAILED
              || to == IceState.CLOSED;
      case COMPLETED ->
          to == IceState.DISCONNECTED || to == IceState.FAILED || to == IceState.CLOSED;
      case DISCONNECTED ->
          to == IceState.CONNECTED
              || to == IceState.COMPLETED
              || to == IceState.FAILED
              || to == IceState.CLOSED;
      case FAILED -> to == IceState.CLOSED;
      case CLOSED -> false;
    };
  }

  /** The only place the state changes: logs {@code old -> new (reason)} and posts the event. */
  private boolean transition(IceState to, String reason) {
    IceState from;
    synchronized (stateLock) {
      from = state;
      if (!isAllowed(from, to)) {
        if (from != to) {
          LOG.debug("ICE[{}] ignored {} -> {} ({})", id, from, to, reason);
        }
        return false;
      }
      state = to;
      LOG.info("ICE[{}] {} -> {} ({})", id, from, to, reason);
      if (to == IceState.FAILED) {
        LOG.warn("ICE[{}] FAILED: {}", id, failureReport);
      }
      // Queued under the state lock so listeners see changes in the order they happened; run
      // outside it (kick) so no listener code ever runs under our locks.
      events.enqueue(() -> listener.onStateChanged(from, to, reason));
    }
    switch (to) {
      case CONNECTED, COMPLETED -> onConnected();
      case FAILED, CLOSED -> cancelTimers();
      default -> {}
    }
    events.kick();
    return true;
  }

  private void onConnected() {
    synchronized (sideLock) {
      if (connectTimer != null) {
        connectTimer.cancel(false);
        connectTimer = null;
      }
      if (consentTimer == null && config.consentFreshness() && !closed) {
        consentTimer =
            TIMER.scheduleWithFixedDelay(this::checkConsent, 500, 500, TimeUnit.MILLISECONDS);
      }
      if (receiveThread == null && !closed && component != null) {
        receiveThread = new Thread(this::receiveLoop, "ice-recv-" + id);
        receiveThread.setDaemon(true);
        receiveThread.start();
      }
    }
  }

  private void cancelTimers() {
    synchronized (sideLock) {
      if (connectTimer != null) {
        connectTimer.cancel(false);
        connectTimer = null;
      }
      if (consentTimer != null) {
        consentTimer.cancel(false);
        consentTimer = null;
      }
    }
  }

  /** What a user debugging a failed room needs in one line. */
  private String failureReport(IceState from, String reason) {
    Component c = component;
    Map<CandidateType, Integer> remote = new EnumMap<>(CandidateType.class);
    remoteCounts.forEach(
        (k, v) -> {
          if (v.get() > 0) {
            remote.put(k, v.get());
          }
        });
    if (c != null) {
      long prflx =
          c.getRemoteCandidates().stream()
              .filter(rc -> rc.getType() == org.ice4j.ice.CandidateType.PEER_REFLEXIVE_CANDIDATE)
              .count();
      if (prflx > 0) {
        remote.put(CandidateType.PRFLX, (int) prflx);
      }
    }
    long droppedTotal = dropped.values().stream().mapToLong(AtomicLong::get).sum();
    StringBuilder b = new StringBuilder();
    b.append("connection state ")
        .append(from)
        .append(" -> FAILED (")
        .append(reason)
        .append("); gathering ")
        .append(gatheringState())
        .append("; role ")
        .append(role)
        .append(", policy ")
        .append(config.policy())
        .append("; local candidates ")
        .append(describeCounts(localCounts))
        .append("; remote candidates ")
        .append(remote.isEmpty() ? "none" : remote.toString())
        .append(droppedTotal > 0 ? " (+" + droppedTotal + " dropped: " + describeDrops() + ")" : "")
        .append("; remote credentials ")
        .append(remoteUfrag == null ? "missing" : "set");
    if (!turnErrors.isEmpty()) {
      b.append("; TURN errors ").append(turnErrors);
    }
    b.append("; hint: ").append(hint(remote, droppedTotal));
    return b.toString();
  }

  private String hint(Map<CandidateType, Integer> remote, long droppedTotal) {
    int localRelay = localCounts.get(CandidateType.RELAY).get();
    int localAll = localCounts.values().stream().mapToInt(AtomicInteger::get).sum();
    if (remoteUfrag == null) {
      return "the remote ice-ufrag/ice-pwd never arrived: check the signaling (answer/offer not applied?)";
    }
    if (config.policy() == TransportPolicy.RELAY && localRelay == 0) {
      return "no relay candidate: check the TURN server (URL, credentials, reachability)";
    }
    if (localAll == 0) {
      return "no local candidate at all: check allowed interfaces/addresses (loopback needs allowLoopback)";
    }
    if (remote.isEmpty() && droppedTotal > 0) {
      return "every remote candidate was dropped: check allowed remote networks and the peer's candidates";
    }
    if (remote.isEmpty()) {
      return "no remote candidate and no check from the peer: check trickle signaling and firewalls";
    }
    if (localRelay == 0 && !config.turnServers().isEmpty()) {
      return "no relay candidate: check the TURN server";
    }
    if (localRelay == 0) {
      return "the peer never answered our checks: check that it got our candidates and credentials, and"
          + " firewalls; behind NAT configure a TURN server (no relay candidate)";
    }
    return "pairs were checked but none succeeded: check firewalls and that the TURN server relays to the peer's addresses";
  }

  private String describeDrops() {
    StringBuilder b = new StringBuilder();
    dropped.forEach(
        (k, v) -> {
          if (v.get() > 0) {
            b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v.get());
          }
        });
    return b.toString();
  }

  private static String describeCounts(Map<CandidateType, AtomicInteger> counts) {
    StringBuilder b = new StringBuilder();
    counts.forEach(
        (k, v) -> {
          if (v.get() > 0) {
            b.append(b.length() == 0 ? "" : ", ").append(k.sdpName()).append(" x").append(v.get());
          }
        });
    return b.length() == 0 ? "none" : b.toString();
  }

  private String describePair() {
    SelectedPair p = port.selectedPair();
    return p == null
        ? "(none)"
        : p.localType().sdpName()
            + " "
            + p.local()
            + " <-> "
            + p.remoteType().sdpName()
            + " "
            + p.remote()
            + (p.relayProtocol() != null ? " via TURN/" + p.relayProtocol() : "");
  }

  private void setGatheringState(GatheringState s) {
    synchronized (stateLock) {
      LOG.debug("ICE[{}] gathering {} -> {}", id, gatheringState, s);
      gatheringState = s;
    }
  }

  // ---------------------------------------------------------------- data

  private void receiveLoop() {
    Component c = component;
    MultiplexingDatagramSocket socket = c == null ? null : c.getSocket();
    if (socket == null) {
      return;
    }
    byte[] buf = new byte[65536];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    while (!closed) {
      try {
        p.setData(buf, 0, buf.length);
        socket.receive(p);
      } catch (SocketException e) {
        break;
      } catch (IOException e) {
        if (closed) {
          break;
        }
        LOG.debug("ICE[{}] receive: {}", id, e.toString());
        continue;
      }
      direct.dispatch(buf, p.getOffset(), p.getLength());
    }
  }

  private static final byte[] EMPTY = new byte[0];

  private final class DatagramPort implements IceDatagramPort {
    private final DatagramPacket sendPacket = new DatagramPacket(EMPTY, 0);

    @Override
    public void send(byte[] buffer, int offset, int length) throws IOException {
      Objects.checkFromIndexSize(offset, length, buffer.length);
      Component c = component;
      if (closed) {
        throw new IOException("ICE agent closed");
      }
      if (c == null || c.getSocket() == null) {
        throw new IOException("ICE not connected (state " + state() + ")");
      }
      // One reusable packet: no allocation per datagram; ice4j sets the target address itself.
      synchronized (sendPacket) {
        sendPacket.setData(buffer, offset, length);
        try {
          c.getSocket().send(sendPacket);
        } finally {
          sendPacket.setData(EMPTY); // do not keep the caller's buffer reachable
        }
      }
      datagramsSent.incrementAndGet();
    }

    @Override
    public void setReceiveHandler(DatagramHandler h) {
      direct.setHandler(h);
    }

    @Override
    public SelectedPair selectedPair() {
      Component c = component;
      if (c == null) {
        return null;
      }
      CandidatePair pair = c.getSelectedPair();
      if (pair == null) {
        pair = firstValidPair;
      }
      if (pair == null) {
        return null;
      }
      LocalCandidate l = pair.getLocalCandidate();
      RemoteCandidate r = pair.getRemoteCandidate();
      TransportAddress la = l.getTransportAddress();
      TransportAddress ra = r.getTransportAddress();
      String relay = l instanceof RelayedLocalCandidate rl ? rl.relayProtocol() : null;
      return new SelectedPair(
          typeOf(l.getType()),
          typeOf(r.getType()),
          new InetSocketAddress(la.getAddress(), la.getPort()),
          new InetSocketAddress(ra.getAddress(), ra.getPort()),
          relay);
    }
  }

  // ---------------------------------------------------------------- misc

  private static boolean validIceChars(String s, int min, int max) {
    if (s == null || s.length() < min || s.length() > max) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static ScheduledThreadPoolExecutor newTimer() {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread th = new Thread(r, "ice-agent-timer");
              th.setDaemon(true);
              return th;
            });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  /** Exposed for tests: how long the agent has been configured to wait. */
  Duration connectTimeout() {
    return config.connectTimeout();
  }

  @Override
  public String toString() {
    return "IceAgent[" + id + " " + role + " " + state() + "]";
  }
}
