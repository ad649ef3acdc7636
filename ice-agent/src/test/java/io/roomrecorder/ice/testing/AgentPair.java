package io.roomrecorder.ice.testing;

import io.roomrecorder.ice.GatheringState;
import io.roomrecorder.ice.IceAgent;
import io.roomrecorder.ice.IceCandidate;
import io.roomrecorder.ice.IceConfig;
import io.roomrecorder.ice.IceListener;
import io.roomrecorder.ice.IceRole;
import io.roomrecorder.ice.IceState;
import io.roomrecorder.ice.RemoteCandidateResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;

/**
 * Two {@link IceAgent}s in one JVM whose candidates and credentials are relayed to each other by
 * the listeners (trickle), as signaling would. The offerer controls. Not thread-safe for setup;
 * recorded events are thread-safe.
 */
public final class AgentPair implements AutoCloseable {
  // ice4j logs through java.util.logging; keep tests readable (strong reference: JUL keeps weak
  // ones).
  private static final java.util.logging.Logger ICE4J_JUL =
      java.util.logging.Logger.getLogger("org.ice4j");
  private static final java.util.logging.Logger JITSI_JUL =
      java.util.logging.Logger.getLogger("org.jitsi");

  static {
    ICE4J_JUL.setLevel(Level.WARNING);
    JITSI_JUL.setLevel(Level.WARNING);
  }

  /** One side: the agent and what it reported. */
  public static final class Side implements IceListener {
    public final String name;
    public IceAgent agent;
    public Side peer;
    public final List<IceState> states = new java.util.concurrent.CopyOnWriteArrayList<>();
    public final List<String> reasons = new java.util.concurrent.CopyOnWriteArrayList<>();
    public final List<IceCandidate> localCandidates =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    public final List<RemoteCandidateResult> deliveries =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    public volatile boolean gatheringComplete;

    /** Names of the threads listener calls ran on. */
    public final java.util.Set<String> listenerThreads =
        java.util.concurrent.ConcurrentHashMap.newKeySet();

    public volatile boolean trickle = true;

    Side(String name) {
      this.name = name;
      states.add(IceState.NEW);
    }

    @Override
    public void onStateChanged(IceState oldState, IceState newState, String reason) {
      listenerThreads.add(Thread.currentThread().getName());
      states.add(newState);
      reasons.add(newState + ": " + reason);
    }

    @Override
    public void onLocalCandidate(IceCandidate candidate) {
      listenerThreads.add(Thread.currentThread().getName());
      localCandidates.add(candidate);
      if (trickle && peer != null && peer.agent != null) {
        deliveries.add(peer.agent.addRemoteCandidate(candidate.toSdp()));
      }
    }

    @Override
    public void onGatheringComplete() {
      listenerThreads.add(Thread.currentThread().getName());
      gatheringComplete = true;
    }

    public IceState state() {
      return agent.state();
    }
  }

  public final Side offerer = new Side("offerer");
  public final Side answerer = new Side("answerer");
  private final ExecutorService events =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "test-ice-events");
            t.setDaemon(true);
            return t;
          });

  /** Creates both agents (offerer controlling) and cross-wires trickle; nothing started. */
  public AgentPair(IceConfig offererConfig, IceConfig answererConfig) {
    offerer.peer = answerer;
    answerer.peer = offerer;
    offerer.agent = IceAgent.create(offererConfig, IceRole.CONTROLLING, events, offerer);
    answerer.agent = IceAgent.create(answererConfig, IceRole.CONTROLLED, events, answerer);
  }

  /** Exchanges credentials, gathers and starts checks on both sides. */
  public AgentPair start() {
    offerer.agent.setRemoteCredentials(answerer.agent.localUfrag(), answerer.agent.localPassword());
    answerer.agent.setRemoteCredentials(offerer.agent.localUfrag(), offerer.agent.localPassword());
    offerer.agent.start();
    answerer.agent.start();
    return this;
  }

  /** Waits until both agents are connected (CONNECTED or COMPLETED); fails with their reasons. */
  public AgentPair awaitConnected(Duration timeout) {
    awaitBoth(IceState::isConnected, timeout, "connected");
    return this;
  }

  /** Waits until both are COMPLETED. */
  public AgentPair awaitCompleted(Duration timeout) {
    awaitBoth(s -> s == IceState.COMPLETED, timeout, "completed");
    return this;
  }

  private void awaitBoth(Predicate<IceState> p, Duration timeout, String what) {
    // Both the agent's state and the last event its listener received (events arrive a moment
    // later).
    if (!await(
        () ->
            p.test(offerer.state())
                && p.test(answerer.state())
                && p.test(last(offerer.states))
                && p.test(last(answerer.states)),
        timeout)) {
      throw new AssertionError(
          "not "
              + what
              + " within "
              + timeout
              + ": offerer "
              + offerer.state()
              + " "
              + offerer.reasons
              + ", answerer "
              + answerer.state()
              + " "
              + answerer.reasons);
    }
  }

  private static IceState last(List<IceState> states) {
    return states.get(states.size() - 1);
  }

  /** Polls a condition every 10 ms (test helper; the code under test never polls). */
  public static boolean await(java.util.function.BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }

  public static boolean awaitGathered(Side side, Duration timeout) {
    return await(
        () -> side.gatheringComplete && side.agent.gatheringState() == GatheringState.COMPLETE,
        timeout);
  }

  @Override
  public void close() {
    offerer.agent.close();
    answerer.agent.close();
    events.shutdown();
    try {
      events.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Loopback-only config, no STUN. */
  public static IceConfig.Builder loopback() {
    return IceConfig.builder()
        .noStun()
        .allowLoopback(true)
        .allowAddress("127.0.0.1")
        .connectTimeout(Duration.ofSeconds(15));
  }
}
